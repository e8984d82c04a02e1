using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>A filter read from a request: its text (null = none), and the compiled filter or the engine's error.</summary>
internal sealed record FilterCheck(string? Text, Filter? Filter, QueryError? Error)
{
    public bool IsValid => Filter is not null;

    /// <summary>Hints about a valid filter that is probably wrong (see <see cref="FilterHints"/>); empty otherwise.</summary>
    public IReadOnlyList<string> Warnings => Filter is { } filter && Text is not null ? FilterHints.For(filter) : [];

    /// <summary>The error as one readable line with its position, for ProblemDetails field errors.</summary>
    public string? Describe() => Error is not { } e
        ? null
        : e.Line is { } line && !e.Message.Contains("line ", StringComparison.Ordinal)
            ? $"{e.Message} (line {line}, column {e.Column})"
            : e.Path is { } path && !e.Message.Contains(path, StringComparison.Ordinal) ? $"{e.Message} (at '{path}')" : e.Message;
}
