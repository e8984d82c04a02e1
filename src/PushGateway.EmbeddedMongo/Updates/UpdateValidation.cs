using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// mongod's parse-time checks of update operator arguments and paths: a bad update fails before any
/// document is looked at, even when nothing matches.
/// </summary>
internal static class UpdateValidation
{
    public static void Path(string op, string path)
    {
        if (HasEmptyFieldName(path))
        {
            throw new MongoErrorException(56, "EmptyFieldName", $"The update path '{path}' contains an empty field name, which is not allowed.");
        }

        if (op == "$rename" && IsDynamic(path))
        {
            throw MongoErrorException.BadValue($"The source field for $rename may not be dynamic: {path}");
        }
    }

    public static void Operand(string op, string path, BsonValue arg)
    {
        switch (op)
        {
            case "$inc" or "$mul" when !arg.IsNumeric:
                throw new MongoErrorException(14, "TypeMismatch", $"Cannot {(op == "$inc" ? "increment" : "multiply")} with non-numeric argument: {{{path}: {arg.ToJson()}}}");
            case "$rename":
                Rename(path, arg);
                break;
            case "$bit":
                Bit(arg);
                break;
            case "$push" when arg is BsonDocument spec && spec.Contains("$each"):
                Push(spec);
                break;
            case "$addToSet" when arg is BsonDocument spec && spec.Contains("$each"):
                if (spec["$each"] is not BsonArray)
                {
                    throw MongoErrorException.BadValue($"The argument to $each in $addToSet must be an array but it was of type {TypeName(spec["$each"])}");
                }

                if (spec.ElementCount > 1)
                {
                    throw MongoErrorException.BadValue($"Found unexpected fields after $each in $addToSet: {spec.ToJson()}");
                }

                break;
            case "$pullAll" when arg is not BsonArray:
                throw MongoErrorException.BadValue($"$pullAll requires an array argument but was given a {TypeName(arg)}");
            case "$pop" when !arg.IsNumeric:
                throw MongoErrorException.FailedToParse($"Expected a number in: {path}: {arg.ToJson()}");
            case "$pop" when arg.ToDouble() is not (1.0 or -1.0):
                throw MongoErrorException.FailedToParse($"$pop expects 1 or -1, found: {arg.ToJson()}");
            case "$currentDate" when !arg.IsBoolean && !(arg is BsonDocument { ElementCount: 1 } type && type.GetValue("$type", BsonNull.Value) is BsonString { Value: "date" or "timestamp" }):
                throw MongoErrorException.BadValue($"{TypeName(arg)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({{$type: 'timestamp/date'}}).");
        }
    }

    public static bool IsDynamic(string path) =>
        path.Contains('$', StringComparison.Ordinal) && path.Split('.').Any(p => p == "$" || (p.StartsWith("$[", StringComparison.Ordinal) && p.EndsWith(']')));

    /// <summary>Whether <c>path.Split('.')</c> would hold an empty field name, read without splitting the path.</summary>
    private static bool HasEmptyFieldName(string path) =>
        path.Length == 0 || path[0] == '.' || path[^1] == '.' || path.Contains("..", StringComparison.Ordinal);

    public static string TypeName(BsonValue value) => value.BsonType switch
    {
        BsonType.Int32 => "int",
        BsonType.Int64 => "long",
        BsonType.Double => "double",
        BsonType.Decimal128 => "decimal",
        BsonType.String => "string",
        BsonType.Document => "object",
        BsonType.Array => "array",
        BsonType.Boolean => "bool",
        BsonType.Null => "null",
        BsonType.DateTime => "date",
        BsonType.ObjectId => "objectId",
        BsonType.RegularExpression => "regex",
        _ => value.BsonType.ToString().ToLowerInvariant(),
    };

    private static void Rename(string from, BsonValue to)
    {
        if (!to.IsString)
        {
            throw MongoErrorException.BadValue($"The 'to' field for $rename must be a string: {from}: {to.ToJson()}");
        }

        var target = to.AsString;
        if (HasEmptyFieldName(target))
        {
            throw new MongoErrorException(56, "EmptyFieldName", $"The update path '{target}' contains an empty field name, which is not allowed.");
        }

        if (IsDynamic(target))
        {
            throw MongoErrorException.BadValue($"The destination field for $rename may not be dynamic: {target}");
        }

        if (target == from)
        {
            throw MongoErrorException.BadValue($"The source and target field for $rename must differ: {from}: \"{target}\"");
        }

        if (target.StartsWith(from + ".", StringComparison.Ordinal) || from.StartsWith(target + ".", StringComparison.Ordinal))
        {
            throw MongoErrorException.BadValue($"The source and target field for $rename must not be on the same path: {from}: \"{target}\"");
        }
    }

    private static void Bit(BsonValue arg)
    {
        if (arg is not BsonDocument spec)
        {
            throw MongoErrorException.BadValue($"The $bit modifier is not compatible with a {TypeName(arg)}. You must pass in an embedded document: {{$bit: {{field: {{and/or/xor: #}}}}");
        }

        foreach (var operation in spec)
        {
            if (operation.Name is not ("and" or "or" or "xor"))
            {
                throw MongoErrorException.BadValue($"The $bit modifier only supports 'and', 'or', and 'xor', not '{operation.Name}' which is an unknown operator: {{{operation.Name}: {operation.Value.ToJson()}}}");
            }

            if (!operation.Value.IsInt32 && !operation.Value.IsInt64)
            {
                throw MongoErrorException.BadValue($"The $bit modifier field must be an Integer(32/64 bit); a '{TypeName(operation.Value)}' is not supported here: {{{operation.Name}: {operation.Value.ToJson()}}}");
            }
        }

        if (spec.ElementCount == 0)
        {
            throw MongoErrorException.BadValue("You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}}");
        }
    }

    private static void Push(BsonDocument spec)
    {
        foreach (var clause in spec)
        {
            var value = clause.Value;
            switch (clause.Name)
            {
                case "$each" when value is not BsonArray:
                    throw MongoErrorException.BadValue($"The argument to $each in $push must be an array but it was of type: {TypeName(value)}");
                case "$slice" when !IsIntegral(value):
                    throw MongoErrorException.BadValue($"The value for $slice must be an integral value but was given type: {TypeName(value)}");
                case "$position" when !IsIntegral(value):
                    throw MongoErrorException.BadValue($"The value for $position must be an integer value, not of type: {TypeName(value)}");
                case "$sort":
                    PushSort(value);
                    break;
                case "$each" or "$slice" or "$position":
                    break;
                default:
                    throw MongoErrorException.BadValue($"Unrecognized clause in $push: {clause.Name}");
            }
        }
    }

    private static void PushSort(BsonValue sort)
    {
        if (sort is BsonDocument pattern)
        {
            if (pattern.ElementCount == 0)
            {
                throw MongoErrorException.BadValue("The $sort pattern is empty when it should be a set of fields.");
            }

            foreach (var field in pattern)
            {
                if (field.Name.Length == 0 || field.Name.Split('.').Any(p => p.Length == 0))
                {
                    throw MongoErrorException.BadValue($"The $sort field is a dotted field but has an empty part: {field.Name}");
                }

                if (!IsPlusOrMinusOne(field.Value))
                {
                    throw MongoErrorException.BadValue("The $sort element value must be either 1 or -1");
                }
            }

            return;
        }

        if (!sort.IsNumeric)
        {
            throw MongoErrorException.BadValue("The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields");
        }

        if (!IsPlusOrMinusOne(sort))
        {
            throw MongoErrorException.BadValue("The $sort element value must be either 1 or -1");
        }
    }

    private static bool IsPlusOrMinusOne(BsonValue value) => value.IsNumeric && value.ToDouble() is 1.0 or -1.0;

    private static bool IsIntegral(BsonValue value) => value.IsInt32 || value.IsInt64
        || (value.IsDouble && Math.Abs(value.AsDouble) <= long.MaxValue && value.AsDouble == Math.Floor(value.AsDouble))
        || (value.IsDecimal128 && value.ToDouble() == Math.Floor(value.ToDouble()));
}
