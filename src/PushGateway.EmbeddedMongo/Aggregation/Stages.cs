using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>
/// Pipeline stages over a document sequence. $match, $sort and plain $project use the query engine;
/// <paramref name="foreign"/> reads another collection of the same database for $lookup.
/// </summary>
internal static class Stages
{
    public static string NameOf(BsonValue stage)
    {
        if (stage is not BsonDocument { ElementCount: 1 } d)
        {
            throw new MongoErrorException(ErrorCodesForStages.StageNotOneField, "Location40323", "A pipeline stage specification object must contain exactly one field.");
        }

        return d.GetElement(0).Name;
    }

    public static IEnumerable<BsonDocument> Apply(IEnumerable<BsonDocument> input, BsonDocument stage, Func<string, IReadOnlyList<BsonDocument>>? foreign)
    {
        var name = NameOf(stage);
        var arg = stage[0];
        switch (name)
        {
            case "$match":
                var filter = QueryAdapter.ParseFilter(RequireDocument(name, arg));
                return input.Where(filter.Matches);
            case "$sort":
                var sort = QueryAdapter.ParseSort(RequireDocument(name, arg)) ?? throw new MongoErrorException(15976, "Location15976", "$sort stage must have at least one sort key");
                return input.OrderBy(d => d, sort);
            case "$skip":
                return input.Skip((int)Math.Min(int.MaxValue, RequireNonNegative(name, arg)));
            case "$limit":
                var limit = RequireNonNegative(name, arg);
                return limit == 0 ? throw new MongoErrorException(15958, "Location15958", "the limit must be positive") : input.Take((int)Math.Min(int.MaxValue, limit));
            case "$count":
                var field = arg.AsString;
                return Lazy(() =>
                {
                    var count = input.Count();
                    return count == 0 ? [] : [new BsonDocument(field, count)];
                });
            case "$project":
                return Project(input, RequireDocument(name, arg));
            case "$addFields" or "$set":
                var fields = RequireDocument(name, arg);
                return input.Select(d => AddFields(d, fields));
            case "$unset":
                var paths = arg is BsonArray list ? list.Select(p => p.AsString).ToList() : [arg.AsString];
                return input.Select(d =>
                {
                    var copy = d.DeepClone().AsBsonDocument;
                    paths.ForEach(p => DocPath.Unset(copy, p));
                    return copy;
                });
            case "$replaceRoot" or "$replaceWith":
                var newRoot = name == "$replaceRoot" ? RequireDocument(name, arg)["newRoot"] : arg;
                return input.Select(d => ExpressionEvaluator.Evaluate(newRoot, d) as BsonDocument
                    ?? throw new MongoErrorException(40228, "Location40228", "'newRoot' expression must evaluate to an object"));
            case "$group":
                return Lazy(() => Grouping.Group(input, RequireDocument(name, arg)));
            case "$sortByCount":
                var grouped = Grouping.Group(input, new BsonDocument { { "_id", arg }, { "count", new BsonDocument("$sum", 1) } });
                return grouped.OrderByDescending(d => d["count"].ToInt64());
            case "$unwind":
                return Unwind(input, arg);
            case "$lookup":
                return Lookup(input, RequireDocument(name, arg), foreign);
            case "$out" or "$merge" or "$facet" or "$bucket" or "$bucketAuto" or "$graphLookup" or "$geoNear" or "$densify" or "$fill" or "$setWindowFields" or "$unionWith" or "$sample" or "$redact" or "$indexStats" or "$collStats" or "$documents":
                throw new MongoErrorException(ErrorCodesForStages.UnrecognizedStage, "Location40324", $"Unsupported pipeline stage name: '{name}' (not implemented by the embedded server)");
            default:
                throw new MongoErrorException(ErrorCodesForStages.UnrecognizedStage, "Location40324", $"Unrecognized pipeline stage name: '{name}'");
        }
    }

    private static IEnumerable<BsonDocument> Lazy(Func<IEnumerable<BsonDocument>> produce)
    {
        foreach (var doc in produce())
        {
            yield return doc;
        }
    }

    private static BsonDocument RequireDocument(string stage, BsonValue arg) =>
        arg as BsonDocument ?? throw new MongoErrorException(15969, "Location15969", $"{stage} specification must be an object");

    private static long RequireNonNegative(string stage, BsonValue arg) =>
        arg.IsNumeric && arg.ToInt64() >= 0 ? arg.ToInt64() : throw new MongoErrorException(15956, "Location15956", $"invalid argument to {stage} stage: Expected a non-negative number");

    public static BsonDocument AddFields(BsonDocument doc, BsonDocument fields)
    {
        var copy = doc.DeepClone().AsBsonDocument;
        foreach (var field in fields)
        {
            var value = ExpressionEvaluator.Evaluate(field.Value, doc);
            if (value is null)
            {
                DocPath.Unset(copy, field.Name);
            }
            else
            {
                DocPath.Set(copy, field.Name, value);
            }
        }

        return copy;
    }

    private static IEnumerable<BsonDocument> Project(IEnumerable<BsonDocument> input, BsonDocument spec)
    {
        if (IsPlainProjection(spec))
        {
            var projection = QueryAdapter.ParsePlainProjection(spec);
            return projection is null ? input : input.Select(projection.Apply);
        }

        return input.Select(doc =>
        {
            var result = new BsonDocument();
            var excludeId = spec.TryGetValue("_id", out var idSpec) && (idSpec.IsBoolean || idSpec.IsNumeric) && !ExpressionEvaluator.Truthy(idSpec);
            if (!excludeId && doc.TryGetValue("_id", out var id) && !spec.Contains("_id"))
            {
                result["_id"] = id;
            }

            foreach (var field in spec)
            {
                if (field.Value.IsBoolean || field.Value.IsNumeric)
                {
                    if (ExpressionEvaluator.Truthy(field.Value) && DocPath.Get(doc, field.Name) is { } kept)
                    {
                        DocPath.Set(result, field.Name, kept);
                    }
                }
                else if (ExpressionEvaluator.Evaluate(field.Value, doc) is { } computed)
                {
                    DocPath.Set(result, field.Name, computed);
                }
            }

            return result;
        });
    }

    private static bool IsPlainProjection(BsonDocument spec) =>
        spec.All(e => e.Value.IsBoolean || e.Value.IsNumeric || (e.Value is BsonDocument d && d.ElementCount > 0 && !d.GetElement(0).Name.StartsWith('$') && IsPlainProjection(d)));

    private static IEnumerable<BsonDocument> Unwind(IEnumerable<BsonDocument> input, BsonValue arg)
    {
        var spec = arg is BsonString s ? new BsonDocument("path", s) : arg.AsBsonDocument;
        var path = spec["path"].AsString;
        if (!path.StartsWith('$'))
        {
            throw new MongoErrorException(28818, "Location28818", "path option to $unwind stage should be prefixed with a '$': " + path);
        }

        path = path[1..];
        var preserve = spec.GetValue("preserveNullAndEmptyArrays", false).ToBoolean();
        var indexField = spec.GetValue("includeArrayIndex", BsonNull.Value) as BsonString;
        foreach (var doc in input)
        {
            var value = DocPath.Get(doc, path);
            if (value is BsonArray array && array.Count > 0)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    var copy = doc.DeepClone().AsBsonDocument;
                    DocPath.Set(copy, path, array[i]);
                    if (indexField is not null)
                    {
                        copy[indexField.Value] = (long)i;
                    }

                    yield return copy;
                }
            }
            else if (value is not null and not BsonArray and not BsonNull)
            {
                var copy = doc.DeepClone().AsBsonDocument;
                if (indexField is not null)
                {
                    copy[indexField.Value] = BsonNull.Value;
                }

                yield return copy;
            }
            else if (preserve)
            {
                var copy = doc.DeepClone().AsBsonDocument;
                if (value is BsonArray)
                {
                    DocPath.Unset(copy, path);
                }

                if (indexField is not null)
                {
                    copy[indexField.Value] = BsonNull.Value;
                }

                yield return copy;
            }
        }
    }

    private static IEnumerable<BsonDocument> Lookup(IEnumerable<BsonDocument> input, BsonDocument spec, Func<string, IReadOnlyList<BsonDocument>>? foreign)
    {
        if (spec.Contains("pipeline") || spec.Contains("let"))
        {
            throw new MongoErrorException(ErrorCodesForStages.UnrecognizedStage, "Location40324", "$lookup with 'pipeline' or 'let' is not supported by the embedded server; use localField/foreignField");
        }

        var from = spec["from"].AsString;
        var localField = spec["localField"].AsString;
        var foreignField = spec["foreignField"].AsString;
        var asField = spec["as"].AsString;
        var others = foreign?.Invoke(from) ?? [];
        foreach (var doc in input)
        {
            var keys = LookupKeys.Of(doc, localField);
            var join = QueryAdapter.ParseFilter(LookupKeys.ForeignFilter(foreignField, keys));
            var matches = new BsonArray(others.Where(join.Matches));
            var copy = doc.DeepClone().AsBsonDocument;
            DocPath.Set(copy, asField, matches);
            yield return copy;
        }
    }
}
