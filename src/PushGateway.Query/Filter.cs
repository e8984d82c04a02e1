using MongoDB.Bson;
using MongoDB.Bson.IO;
using PushGateway.Query.Ast;
using PushGateway.Query.Evaluation;

namespace PushGateway.Query;

/// <summary>
/// A parsed and compiled filter with MongoDB's matching semantics. Immutable: <see cref="Matches"/>
/// is thread-safe and allocation-free on the common path (no regex, no nested-array <c>$elemMatch</c>).
/// Obtain one from <see cref="MqlFilter"/>, <see cref="SqlFilter"/> or <see cref="FilterText"/>.
/// </summary>
public sealed class Filter
{
    private static readonly JsonWriterSettings DisplaySettings = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false, MaxSerializationDepth = 1024 };

    private readonly DocumentMatcher _matcher;
    private string? _canonicalKey;

    internal Filter(FilterNode root, long maxEvaluationWork = 0)
    {
        Root = Canonicalizer.Normalize(root);
        _matcher = FilterCompiler.Compile(Root);
        MaxEvaluationWork = Math.Max(0, maxEvaluationWork);
    }

    /// <summary>The empty filter <c>{}</c>: matches every document.</summary>
    public static Filter MatchAll { get; } = new(new AndNode([]));

    internal FilterNode Root { get; }

    internal DocumentMatcher Matcher => _matcher;

    /// <summary>The work one evaluation may do (<see cref="QueryLimits.MaxEvaluationWork"/> at parse time); 0 = unbounded.</summary>
    public long MaxEvaluationWork { get; }

    /// <summary>
    /// A string equal for semantically identical filters written differently ($and branch order,
    /// duplicate clauses, SQL vs MQL of the same condition). Usable as a group key.
    /// </summary>
    public string CanonicalKey => _canonicalKey ??= Canonicalizer.KeyOf(Root);

    /// <summary>True when <paramref name="document"/> satisfies the filter (an evaluation stopped by its work budget is false).</summary>
    public bool Matches(BsonDocument document) => Evaluate(document) == MatchOutcome.Match;

    /// <summary>
    /// Evaluates the filter; with a <see cref="MaxEvaluationWork"/> budget, an evaluation that would examine more
    /// array elements and regex input than the budget allows stops with <see cref="MatchOutcome.BudgetExceeded"/>.
    /// </summary>
    public MatchOutcome Evaluate(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (MaxEvaluationWork == 0)
        {
            return _matcher.Matches(document) ? MatchOutcome.Match : MatchOutcome.NoMatch;
        }

        return WorkMeter.Run(_matcher, document, MaxEvaluationWork, out _);
    }

    /// <summary>
    /// Evaluates the filter within the smaller of its own <see cref="MaxEvaluationWork"/> and what is left of
    /// <paramref name="shared"/>, and takes the work done from <paramref name="shared"/>.
    /// </summary>
    public MatchOutcome Evaluate(BsonDocument document, EvaluationBudget shared)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(shared);
        if (shared.Remaining <= 0 || shared.TimeExhausted)
        {
            shared.Remaining = 0;
            QueryMetrics.BudgetExceeded();
            return MatchOutcome.BudgetExceeded;
        }

        var limit = MaxEvaluationWork > 0 ? Math.Min(MaxEvaluationWork, shared.Remaining) : shared.Remaining;
        var outcome = WorkMeter.Run(_matcher, document, limit, out var used, shared.HasTimeLimit ? shared : null);
        shared.Remaining = shared.TimeExhausted ? 0 : shared.Remaining - used;
        return outcome;
    }

    /// <summary>The canonical MQL form of the filter (a fresh document on every call).</summary>
    public BsonDocument ToBsonDocument() => Root.ToBsonDocument();

    /// <summary>The conjunction of several filters, e.g. a tenant condition AND a client filter.</summary>
    public static Filter And(params Filter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        // The conjunction keeps the tightest budget of its parts: ANDing a tenant condition must not lift a client filter's bound.
        var budgets = filters.Select(f => f.MaxEvaluationWork).Where(w => w > 0).ToArray();
        return filters.Length == 1 ? filters[0] : new Filter(new AndNode([.. filters.Select(f => f.Root)]), budgets.Length == 0 ? 0 : budgets.Min());
    }

    /// <summary>The canonical MQL as relaxed Extended JSON.</summary>
    public override string ToString() => ToBsonDocument().ToJson(DisplaySettings);
}
