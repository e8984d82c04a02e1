using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// The unified test format's "Evaluating Matches" rules: extra fields only in root-level documents, flexible numeric
/// comparison, arrays of equal length, and the <c>$$</c> operators. Returns the first mismatch as a readable path
/// message, or null when the values match.
/// </summary>
internal sealed class UnifiedMatcher(EntityMap entities)
{
    public string? Match(BsonValue expected, BsonValue? actual, bool isRoot, string path = "$")
    {
        if (expected is BsonDocument expectedDocument)
        {
            if (TryGetOperator(expectedDocument, out var op, out var argument))
            {
                return MatchOperator(op, argument, actual, isRoot, path);
            }

            if (actual is not BsonDocument actualDocument)
            {
                return $"{path}: expected a document {expected.ToJson()} but got {Show(actual)}";
            }

            foreach (var element in expectedDocument)
            {
                var fieldPath = $"{path}.{element.Name}";
                var present = actualDocument.TryGetValue(element.Name, out var actualValue);
                if (element.Value is BsonDocument fieldDocument && TryGetOperator(fieldDocument, out var fieldOp, out var fieldArgument))
                {
                    switch (fieldOp)
                    {
                        case "$$exists":
                            if (present != fieldArgument.ToBoolean())
                            {
                                return $"{fieldPath}: expected the field to {(fieldArgument.ToBoolean() ? "exist" : "be absent")} (actual document {actualDocument.ToJson()})";
                            }

                            continue;
                        case "$$unsetOrMatches":
                            if (!present)
                            {
                                continue;
                            }

                            var inner = Match(fieldArgument, actualValue, isRoot: false, fieldPath);
                            if (inner is not null)
                            {
                                return inner;
                            }

                            continue;
                    }
                }

                if (!present)
                {
                    return $"{fieldPath}: missing in actual document {actualDocument.ToJson()}";
                }

                var mismatch = Match(element.Value, actualValue, isRoot: false, fieldPath);
                if (mismatch is not null)
                {
                    return mismatch;
                }
            }

            if (!isRoot)
            {
                var extra = actualDocument.Names.FirstOrDefault(n => !expectedDocument.Contains(n));
                if (extra is not null)
                {
                    return $"{path}: unexpected field '{extra}' in nested document {actualDocument.ToJson()} (expected {expected.ToJson()})";
                }
            }

            return null;
        }

        if (expected is BsonArray expectedArray)
        {
            if (actual is not BsonArray actualArray)
            {
                return $"{path}: expected an array {expected.ToJson()} but got {Show(actual)}";
            }

            if (actualArray.Count != expectedArray.Count)
            {
                return $"{path}: expected {expectedArray.Count} elements {expected.ToJson()} but got {actualArray.Count}: {actual.ToJson()}";
            }

            for (var i = 0; i < expectedArray.Count; i++)
            {
                var mismatch = Match(expectedArray[i], actualArray[i], isRoot: false, $"{path}[{i}]");
                if (mismatch is not null)
                {
                    return mismatch;
                }
            }

            return null;
        }

        return ValuesEqual(expected, actual) ? null : $"{path}: expected {expected.ToJson()} but got {Show(actual)}";
    }

    /// <summary>Exact comparison for outcome collections: key order may vary, nothing else may.</summary>
    public static bool ExactlyEqual(BsonValue expected, BsonValue actual)
    {
        if (expected is BsonDocument e && actual is BsonDocument a)
        {
            return e.ElementCount == a.ElementCount
                && e.All(el => a.TryGetValue(el.Name, out var v) && ExactlyEqual(el.Value, v));
        }

        if (expected is BsonArray ea && actual is BsonArray aa)
        {
            return ea.Count == aa.Count && ea.Zip(aa).All(p => ExactlyEqual(p.First, p.Second));
        }

        return ValuesEqual(expected, actual);
    }

    private string? MatchOperator(string op, BsonValue argument, BsonValue? actual, bool isRoot, string path)
    {
        switch (op)
        {
            case "$$unsetOrMatches":
                return actual is null ? null : Match(argument, actual, isRoot, path);
            case "$$exists":
                return (actual is not null) == argument.ToBoolean() ? null : $"{path}: $$exists {argument} failed";
            case "$$type":
                var types = argument is BsonArray list ? list.Select(t => t.AsString) : [argument.AsString];
                return actual is not null && types.Any(t => BsonTypeAliases.Matches(t, actual))
                    ? null
                    : $"{path}: expected $$type {argument.ToJson()} but got {Show(actual)}";
            case "$$matchesEntity":
                return Match(entities.GetBson(argument.AsString), actual, isRoot, path);
            case "$$sessionLsid":
                return Match(entities.GetSessionLsid(argument.AsString), actual, isRoot: false, path);
            case "$$lte":
                return actual is not null && actual.IsNumeric && argument.IsNumeric && actual.ToDouble() <= argument.ToDouble()
                    ? null
                    : $"{path}: expected a number <= {argument} but got {Show(actual)}";
            case "$$matchAsRoot":
                return Match(argument, actual, isRoot: true, path);
            case "$$matchAsDocument":
                return actual is BsonString json
                    ? Match(argument, BsonDocument.Parse(json.Value), isRoot: false, path)
                    : $"{path}: $$matchAsDocument needs a string but got {Show(actual)}";
            default:
                throw new UnifiedRunnerException($"Unsupported special operator {op} at {path}");
        }
    }

    private static bool TryGetOperator(BsonDocument document, out string op, out BsonValue argument)
    {
        if (document.ElementCount == 1 && document.GetElement(0).Name.StartsWith("$$", StringComparison.Ordinal))
        {
            op = document.GetElement(0).Name;
            argument = document[0];
            return true;
        }

        op = "";
        argument = BsonNull.Value;
        return false;
    }

    private static bool ValuesEqual(BsonValue expected, BsonValue? actual)
    {
        if (actual is null)
        {
            return false;
        }

        // Flexible numerics: int32, int64 and double are equal when their values are (Decimal128 excluded).
        if (IsFlexibleNumber(expected) && IsFlexibleNumber(actual))
        {
            return expected.BsonType == BsonType.Double || actual.BsonType == BsonType.Double
                ? expected.ToDouble().Equals(actual.ToDouble())
                : expected.ToInt64() == actual.ToInt64();
        }

        return expected.BsonType == actual.BsonType && expected.Equals(actual);
    }

    private static bool IsFlexibleNumber(BsonValue value) =>
        value.BsonType is BsonType.Int32 or BsonType.Int64 or BsonType.Double;

    private static string Show(BsonValue? value) => value is null ? "(absent)" : value.ToJson();
}
