namespace PushGateway.Auth;

/// <summary>The caller read from a principal, or why the token is refused (<paramref name="Refusal"/>, for the client to read).</summary>
public sealed record CallerReading(Caller? Caller, string? Refusal);
