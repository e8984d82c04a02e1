using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>The update operators, each on one concrete path.</summary>
internal sealed partial class UpdateApplier
{
    private static void ApplyOperator(BsonDocument doc, string op, string path, BsonValue arg, ClusterClock clock)
    {
        var current = DocPath.Get(doc, path);
        switch (op)
        {
            case "$set" or "$setOnInsert":
                DocPath.Set(doc, path, arg.DeepClone());
                break;
            case "$unset":
                DocPath.Unset(doc, path);
                break;
            case "$inc":
                DocPath.Set(doc, path, current is null ? arg : NumericOps.Add(RequireNumericField(op, path, current, doc), arg));
                break;
            case "$mul":
                DocPath.Set(doc, path, current is null ? NumericOps.ZeroLike(arg) : NumericOps.Multiply(RequireNumericField(op, path, current, doc), arg));
                break;
            case "$min":
                if (current is null || BsonValueComparer.Instance.Compare(arg, current) < 0)
                {
                    DocPath.Set(doc, path, arg);
                }

                break;
            case "$max":
                if (current is null || BsonValueComparer.Instance.Compare(arg, current) > 0)
                {
                    DocPath.Set(doc, path, arg);
                }

                break;
            case "$currentDate":
                var wantsTimestamp = arg is BsonDocument spec && spec.GetValue("$type", "date").AsString == "timestamp";
                DocPath.Set(doc, path, wantsTimestamp ? clock.Tick() : clock.Now());
                break;
            case "$push":
                Push(doc, path, current, arg);
                break;
            case "$addToSet":
                AddToSet(doc, path, current, arg);
                break;
            case "$pull":
                Pull(doc, op, path, current, arg);
                break;
            case "$pullAll":
                PullAll(doc, op, path, current, arg);
                break;
            case "$pop":
                if (RequireArrayOrMissing(op, path, current, doc) is { Count: > 0 } popFrom)
                {
                    var copy = new BsonArray(popFrom);
                    copy.RemoveAt(arg.ToDouble() < 0 ? 0 : copy.Count - 1);
                    DocPath.Set(doc, path, copy);
                }

                break;
            case "$bit":
                if (current is not null and not BsonInt32 and not BsonInt64)
                {
                    throw TypeMismatch($"Cannot apply $bit to a value of non-integral type.{{_id: {doc.GetValue("_id", BsonNull.Value).ToJson()}}} has the field {path.Split('.')[^1]} of non-integer type {TypeName(current)}");
                }

                DocPath.Set(doc, path, Bit(current ?? new BsonInt32(0), arg.AsBsonDocument));
                break;
        }
    }

    // $pull and $pullAll live apart from ApplyOperator: their lambdas' closures would otherwise be allocated on every
    // operator applied, whatever it is.
    private static void Pull(BsonDocument doc, string op, string path, BsonValue? current, BsonValue arg)
    {
        if (RequireArrayOrMissing(op, path, current, doc) is { } pullFrom)
        {
            var predicate = PullPredicate(arg);
            DocPath.Set(doc, path, new BsonArray(pullFrom.Where(e => !predicate(e))));
        }
    }

    private static void PullAll(BsonDocument doc, string op, string path, BsonValue? current, BsonValue arg)
    {
        if (arg is not BsonArray values)
        {
            throw MongoErrorException.BadValue($"$pullAll requires an array argument but was given a {arg.BsonType}");
        }

        if (RequireArrayOrMissing(op, path, current, doc) is { } pullAllFrom)
        {
            DocPath.Set(doc, path, new BsonArray(pullAllFrom.Where(e => !values.Contains(e, BsonValueComparer.Instance))));
        }
    }

    private static BsonValue RequireNumericField(string op, string path, BsonValue current, BsonDocument doc) =>
        current.IsNumeric
            ? current
            : throw TypeMismatch($"Cannot apply {op} to a value of non-numeric type. {{_id: {doc.GetValue("_id", BsonNull.Value)}}} has the field '{path.Split('.')[^1]}' of non-numeric type {TypeName(current)}");

    private static BsonArray? RequireArrayOrMissing(string op, string path, BsonValue? current, BsonDocument doc) => current switch
    {
        null => null,
        BsonArray a => a,
        _ => throw MongoErrorException.BadValue($"Cannot apply {op} to a non-array value"),
    };

    private static void Push(BsonDocument doc, string path, BsonValue? current, BsonValue arg)
    {
        if (current is not null and not BsonArray)
        {
            throw MongoErrorException.BadValue($"The field '{path}' must be an array but is of type {TypeName(current)} in document {{_id: {doc.GetValue("_id", BsonNull.Value)}}}");
        }

        var array = new BsonArray((BsonArray?)current ?? []);
        if (arg is BsonDocument spec && spec.Contains("$each"))
        {
            var each = spec["$each"] as BsonArray ?? throw MongoErrorException.BadValue("The argument to $each in $push must be an array");
            var position = spec.TryGetValue("$position", out var p) ? p.ToInt32() : array.Count;
            if (position < 0)
            {
                position = Math.Max(0, array.Count + position);
            }

            position = Math.Min(position, array.Count);
            for (var i = 0; i < each.Count; i++)
            {
                array.Insert(position + i, each[i]);
            }

            if (spec.TryGetValue("$sort", out var sortSpec))
            {
                array = SortArray(array, sortSpec);
            }

            if (spec.TryGetValue("$slice", out var sliceValue))
            {
                var slice = sliceValue.ToInt32();
                array = slice >= 0
                    ? new BsonArray(array.Take(slice))
                    : new BsonArray(array.Skip(Math.Max(0, array.Count + slice)));
            }
        }
        else
        {
            array.Add(arg);
        }

        DocPath.Set(doc, path, array);
    }

    private static BsonArray SortArray(BsonArray array, BsonValue sortSpec)
    {
        if (sortSpec is BsonDocument spec)
        {
            var sort = QueryAdapter.ParseSort(spec)!;
            return new BsonArray(array.OrderBy(e => e as BsonDocument ?? [], sort));
        }

        var descending = sortSpec.ToInt32() < 0;
        var ordered = array.OrderBy(e => e, BsonValueComparer.Instance);
        return new BsonArray(descending ? array.OrderByDescending(e => e, BsonValueComparer.Instance) : ordered);
    }

    private static void AddToSet(BsonDocument doc, string path, BsonValue? current, BsonValue arg)
    {
        if (current is not null and not BsonArray)
        {
            throw MongoErrorException.BadValue($"Cannot apply $addToSet to non-array field. Field named '{path.Split('.')[^1]}' has non-array type {TypeName(current)}");
        }

        var array = new BsonArray((BsonArray?)current ?? []);
        var values = arg is BsonDocument spec && spec.Contains("$each") ? spec["$each"].AsBsonArray : new BsonArray { arg };
        foreach (var value in values)
        {
            if (!array.Contains(value, BsonValueComparer.Instance))
            {
                array.Add(value);
            }
        }

        DocPath.Set(doc, path, array);
    }

    /// <summary>$pull condition: a query on document elements, an operator condition on scalars, or a value.</summary>
    private static Func<BsonValue, bool> PullPredicate(BsonValue arg)
    {
        if (arg is BsonDocument cond && cond.ElementCount > 0)
        {
            if (cond.GetElement(0).Name.StartsWith('$'))
            {
                var wrapped = QueryAdapter.ParseFilter(new BsonDocument("v", cond));
                return e => wrapped.Matches(new BsonDocument("v", e));
            }

            var filter = QueryAdapter.ParseFilter(cond);
            return e => e is BsonDocument d && filter.Matches(d);
        }

        return e => BsonValueComparer.Instance.Equals(e, arg);
    }

    private static BsonValue Bit(BsonValue current, BsonDocument spec)
    {
        var value = current.ToInt64();
        foreach (var op in spec)
        {
            var operand = op.Value.ToInt64();
            value = op.Name switch
            {
                "and" => value & operand,
                "or" => value | operand,
                "xor" => value ^ operand,
                _ => throw MongoErrorException.BadValue($"The $bit modifier only supports 'and', 'or', and 'xor', not '{op.Name}'"),
            };
        }

        return current.IsInt32 && spec.Values.All(v => v.IsInt32) ? new BsonInt32((int)value) : new BsonInt64(value);
    }

    private static MongoErrorException TypeMismatch(string message) => new(14, "TypeMismatch", message);

    private static string TypeName(BsonValue value) => UpdateValidation.TypeName(value);
}
