using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo;

/// <summary>
/// The query engine's parse results turned into mongod errors. All matching, sorting and
/// projection go through PushGateway.Query; this server never matches on its own.
/// </summary>
internal static class QueryAdapter
{
    public static Filter ParseFilter(BsonDocument? filter)
    {
        if (filter is null || filter.ElementCount == 0)
        {
            return Filter.MatchAll;
        }

        var result = MqlFilter.Parse(filter);
        return result.IsSuccess ? result.Filter! : throw ToError(result.Error!);
    }

    public static SortSpec? ParseSort(BsonDocument? spec)
    {
        if (spec is null || spec.ElementCount == 0)
        {
            return null;
        }

        return SortSpec.TryParse(spec, out var sort, out var error) ? sort : throw ToError(error!);
    }

    /// <summary>
    /// A find/findAndModify projection, with <c>$slice</c>, <c>$elemMatch</c> and the positional <c>$</c>, which
    /// needs a condition on its field in <paramref name="query"/> (mongod: 31277).
    /// </summary>
    public static Projection? ParseProjection(BsonDocument? spec, BsonDocument? query)
    {
        if (spec is null || spec.ElementCount == 0)
        {
            return null;
        }

        var projection = Projection.TryParseFind(spec, out var parsed, out var error) ? parsed! : throw ToError(error!);
        if (projection.PositionalPath is { } path && !Mentions(query, path.Split('.')[0]))
        {
            throw new MongoErrorException(31277, "Location31277", $"Positional projection '{path}.$' does not match the query document.");
        }

        return projection;
    }

    private static bool Mentions(BsonDocument? query, string field) => query is not null && query.Any(e =>
        e.Name == field || e.Name.StartsWith(field + ".", StringComparison.Ordinal)
        || (e.Name is "$and" or "$or" or "$nor" && e.Value is BsonArray clauses && clauses.OfType<BsonDocument>().Any(c => Mentions(c, field))));

    /// <summary>An aggregation <c>$project</c> of plain inclusions/exclusions (no find-only operators).</summary>
    public static Projection? ParsePlainProjection(BsonDocument spec) =>
        spec.ElementCount == 0 ? null : Projection.TryParse(spec, out var projection, out var error) ? projection : throw ToError(error!);

    /// <summary>Projects one result of a query (the positional <c>$</c> needs the query); a failure is mongod's error.</summary>
    public static BsonDocument Project(Projection projection, BsonDocument document, Filter query) =>
        projection.TryApply(document, query, out var result, out var error) ? result! : throw ToError(error!);

    public static MongoErrorException ToError(QueryError error) => new(error.Code, error.CodeName, error.Message);

    /// <summary>
    /// Sorts stably (equal keys keep natural order, like mongod's blocking sort over a scan). Lazy, so
    /// that a following Skip/Take sorts only the part it returns (LINQ's partial sort, also stable).
    /// </summary>
    public static IEnumerable<BsonDocument> Sort(IEnumerable<BsonDocument> docs, SortSpec? sort) =>
        sort is null ? docs : docs.OrderBy(d => d, sort);
}
