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
    private static readonly JsonWriterSettings DisplaySettings = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson, Indent = false };

    private readonly DocumentMatcher _matcher;
    private string? _canonicalKey;

    internal Filter(FilterNode root)
    {
        Root = Canonicalizer.Normalize(root);
        _matcher = FilterCompiler.Compile(Root);
    }

    /// <summary>The empty filter <c>{}</c>: matches every document.</summary>
    public static Filter MatchAll { get; } = new(new AndNode([]));

    internal FilterNode Root { get; }

    internal DocumentMatcher Matcher => _matcher;

    /// <summary>
    /// A string equal for semantically identical filters written differently ($and branch order,
    /// duplicate clauses, SQL vs MQL of the same condition). Usable as a group key.
    /// </summary>
    public string CanonicalKey => _canonicalKey ??= Canonicalizer.KeyOf(Root);

    /// <summary>True when <paramref name="document"/> satisfies the filter.</summary>
    public bool Matches(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return _matcher.Matches(document);
    }

    /// <summary>The canonical MQL form of the filter (a fresh document on every call).</summary>
    public BsonDocument ToBsonDocument() => Root.ToBsonDocument();

    /// <summary>The conjunction of several filters, e.g. a tenant condition AND a client filter.</summary>
    public static Filter And(params Filter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return filters.Length == 1 ? filters[0] : new Filter(new AndNode([.. filters.Select(f => f.Root)]));
    }

    /// <summary>The canonical MQL as relaxed Extended JSON.</summary>
    public override string ToString() => ToBsonDocument().ToJson(DisplaySettings);
}
