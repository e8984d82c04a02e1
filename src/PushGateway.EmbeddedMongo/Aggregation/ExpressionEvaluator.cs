using System.Globalization;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Updates;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>
/// Aggregation expressions ($field paths, $$ROOT/$$CURRENT/$$REMOVE, literals and common operators).
/// Returns null for "missing" (mongod drops missing values from computed documents).
/// Filtering never happens here: $match goes through the query engine.
/// </summary>
internal static class ExpressionEvaluator
{
    public static BsonValue? Evaluate(BsonValue expression, BsonDocument root)
    {
        switch (expression)
        {
            case BsonString s when s.Value.StartsWith("$$", StringComparison.Ordinal):
                return Variable(s.Value, root);
            case BsonString s when s.Value.StartsWith('$'):
                return FieldPath(root, s.Value[1..]);
            case BsonArray a:
                return new BsonArray(a.Select(e => Evaluate(e, root) ?? BsonNull.Value));
            case BsonDocument d when d.ElementCount == 1 && d.GetElement(0).Name.StartsWith('$'):
                return Operator(d.GetElement(0).Name, d[0], root);
            case BsonDocument d:
                var result = new BsonDocument();
                foreach (var element in d)
                {
                    if (Evaluate(element.Value, root) is { } value)
                    {
                        result[element.Name] = value;
                    }
                }

                return result;
            default:
                return expression;
        }
    }

    /// <summary>A field path value; arrays along the path map over their elements, like mongod.</summary>
    public static BsonValue? FieldPath(BsonValue current, string path)
    {
        foreach (var part in path.Split('.'))
        {
            switch (current)
            {
                case BsonDocument d:
                    if (!d.TryGetValue(part, out var next))
                    {
                        return null;
                    }

                    current = next;
                    break;
                case BsonArray a:
                    var mapped = new BsonArray();
                    foreach (var element in a)
                    {
                        if (element is BsonDocument ed && ed.TryGetValue(part, out var v))
                        {
                            mapped.Add(v);
                        }
                        else if (element is BsonArray)
                        {
                            if (FieldPath(element, part) is { } nested)
                            {
                                mapped.Add(nested);
                            }
                        }
                    }

                    current = mapped;
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    private static BsonValue? Variable(string name, BsonDocument root)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var variable = dot < 0 ? name : name[..dot];
        BsonValue? value = variable switch
        {
            "$$ROOT" or "$$CURRENT" => root,
            "$$REMOVE" => null,
            _ => throw new MongoErrorException(17276, "Location17276", $"Use of undefined variable: {variable[2..]}"),
        };
        return dot < 0 || value is null ? value : FieldPath(value, name[(dot + 1)..]);
    }

    private static BsonArray Args(BsonValue arg, BsonDocument root) =>
        arg is BsonArray a ? new BsonArray(a.Select(e => Evaluate(e, root) ?? BsonNull.Value)) : [Evaluate(arg, root) ?? BsonNull.Value];

    private static BsonValue? Operator(string name, BsonValue arg, BsonDocument root)
    {
        switch (name)
        {
            case "$literal":
                return arg;
            case "$cond":
                BsonValue cond, then, otherwise;
                if (arg is BsonDocument c)
                {
                    (cond, then, otherwise) = (c["if"], c["then"], c["else"]);
                }
                else
                {
                    (cond, then, otherwise) = (arg[0], arg[1], arg[2]);
                }

                return Evaluate(Truthy(Evaluate(cond, root)) ? then : otherwise, root);
            case "$ifNull":
                foreach (var candidate in arg.AsBsonArray.Take(arg.AsBsonArray.Count - 1))
                {
                    if (Evaluate(candidate, root) is { IsBsonNull: false, IsBsonUndefined: false } found)
                    {
                        return found;
                    }
                }

                return Evaluate(arg.AsBsonArray[^1], root);
            case "$and":
                return Args(arg, root).All(Truthy);
            case "$or":
                return Args(arg, root).Any(Truthy);
            case "$not":
                return !Truthy(Args(arg, root)[0]);
            case "$getField":
                var getSpec = arg as BsonDocument ?? new BsonDocument("field", arg);
                var getInput = getSpec.TryGetValue("input", out var gi) ? Evaluate(gi, root) : root;
                return getInput is BsonDocument gd && gd.TryGetValue(Evaluate(getSpec["field"], root)!.AsString, out var got) ? got : null;
            case "$setField" or "$unsetField":
                var setSpec = arg.AsBsonDocument;
                var field = Evaluate(setSpec["field"], root)?.AsString ?? throw new MongoErrorException(4161102, "Location4161102", $"{name} requires 'field' to evaluate to type String");
                if (Evaluate(setSpec["input"], root) is not BsonDocument input)
                {
                    return BsonNull.Value;
                }

                var output = new BsonDocument(input);
                var newValue = name == "$setField" ? Evaluate(setSpec["value"], root) : null;
                if (newValue is null)
                {
                    output.Remove(field);
                }
                else
                {
                    output[field] = newValue;
                }

                return output;
        }

        var args = Args(arg, root);
        switch (name)
        {
            case "$eq": return Compare(args) == 0;
            case "$ne": return Compare(args) != 0;
            case "$gt": return Compare(args) > 0;
            case "$gte": return Compare(args) >= 0;
            case "$lt": return Compare(args) < 0;
            case "$lte": return Compare(args) <= 0;
            case "$cmp": return Math.Sign(Compare(args));
            case "$add":
                if (args.Any(a => a.IsBsonNull))
                {
                    return BsonNull.Value;
                }

                if (args.FirstOrDefault(a => a.IsBsonDateTime) is { } date)
                {
                    var millis = args.Where(a => !a.IsBsonDateTime).Sum(a => a.ToDouble());
                    return new BsonDateTime(date.AsBsonDateTime.MillisecondsSinceEpoch + (long)millis);
                }

                return args.Aggregate((BsonValue)new BsonInt32(0), (acc, v) => NumericOps.Add(acc, RequireNumber(v, name)));
            case "$multiply":
                return args.Any(a => a.IsBsonNull) ? BsonNull.Value : args.Aggregate((BsonValue)new BsonInt32(1), (acc, v) => NumericOps.Multiply(acc, RequireNumber(v, name)));
            case "$subtract":
                if (args[0].IsBsonNull || args[1].IsBsonNull)
                {
                    return BsonNull.Value;
                }

                return NumericOps.Add(RequireNumber(args[0], name), NumericOps.Multiply(RequireNumber(args[1], name), new BsonInt32(-1)));
            case "$divide":
                return args[0].IsBsonNull || args[1].IsBsonNull ? BsonNull.Value : new BsonDouble(args[0].ToDouble() / args[1].ToDouble());
            case "$mod":
                return args[0].IsBsonNull || args[1].IsBsonNull ? BsonNull.Value : args[0].IsDouble || args[1].IsDouble ? new BsonDouble(args[0].ToDouble() % args[1].ToDouble()) : new BsonInt64(args[0].ToInt64() % args[1].ToInt64());
            case "$abs":
                return args[0].IsBsonNull ? BsonNull.Value : args[0] switch
                {
                    BsonInt32 i => new BsonInt32(Math.Abs(i.Value)),
                    BsonInt64 l => new BsonInt64(Math.Abs(l.Value)),
                    _ => new BsonDouble(Math.Abs(args[0].ToDouble())),
                };
            case "$concat":
                return args.Any(a => a.IsBsonNull) ? BsonNull.Value : string.Concat(args.Select(a => a.AsString));
            case "$toUpper":
                return args[0].IsBsonNull ? "" : args[0].ToString()!.ToUpperInvariant();
            case "$toLower":
                return args[0].IsBsonNull ? "" : args[0].ToString()!.ToLowerInvariant();
            case "$toString":
                return args[0].IsBsonNull ? BsonNull.Value : args[0] is BsonString ? args[0] : args[0] switch { BsonObjectId o => o.Value.ToString(), BsonDateTime dt => dt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), _ => args[0].ToString() };
            case "$size":
                return args[0] is BsonArray sized ? sized.Count : throw new MongoErrorException(17124, "Location17124", $"The argument to $size must be an array. Was of type: {args[0].BsonType}");
            case "$arrayElemAt":
                if (args[0] is not BsonArray items)
                {
                    return BsonNull.Value;
                }

                var index = args[1].ToInt32();
                index = index < 0 ? items.Count + index : index;
                return index >= 0 && index < items.Count ? items[index] : null;
            case "$first":
                return args[0] is BsonArray { Count: > 0 } firstOf ? firstOf[0] : null;
            case "$last":
                return args[0] is BsonArray { Count: > 0 } lastOf ? lastOf[^1] : null;
            case "$in":
                return args[1] is BsonArray haystack ? haystack.Contains(args[0], BsonValueComparer.Instance) : throw new MongoErrorException(40081, "Location40081", "$in requires an array as a second argument");
            case "$concatArrays":
                return args.Any(a => a.IsBsonNull) ? BsonNull.Value : new BsonArray(args.SelectMany(a => a.AsBsonArray));
            case "$mergeObjects":
                var merged = new BsonDocument();
                foreach (var part in args.OfType<BsonDocument>())
                {
                    merged.Merge(part, overwriteExistingElements: true);
                }

                return merged;
            case "$sum":
                return Accumulators.Sum(args.Count == 1 && args[0] is BsonArray sumOf ? sumOf : args);
            case "$avg":
                return Accumulators.Avg(args.Count == 1 && args[0] is BsonArray avgOf ? avgOf : args);
            case "$min":
                return Accumulators.Min(args.Count == 1 && args[0] is BsonArray minOf ? minOf : args) ?? BsonNull.Value;
            case "$max":
                return Accumulators.Max(args.Count == 1 && args[0] is BsonArray maxOf ? maxOf : args) ?? BsonNull.Value;
            case "$type":
                return Evaluate(arg is BsonArray wrapped ? wrapped[0] : arg, root) is { } typed ? BsonTypeNames.GetName(typed.BsonType) : "missing";
            default:
                throw new MongoErrorException(ErrorCodesForStages.InvalidExpression, "InvalidPipelineOperator", $"Unrecognized expression '{name}'");
        }
    }

    public static bool Truthy(BsonValue? value) => value switch
    {
        null or BsonNull or BsonUndefined => false,
        BsonBoolean b => b.Value,
        { IsNumeric: true } => value.ToDouble() != 0,
        _ => true,
    };

    private static int Compare(BsonArray args) => BsonValueComparer.Instance.Compare(args[0], args[1]);

    private static BsonValue RequireNumber(BsonValue value, string op) =>
        value.IsNumeric ? value : throw new MongoErrorException(14, "TypeMismatch", $"{op} only supports numeric types, not {value.BsonType}");
}
