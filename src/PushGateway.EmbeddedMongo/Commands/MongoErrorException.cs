using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>
/// A command failure with mongod's code and code name. Thrown deep inside command evaluation
/// (parsing nested options, update operators, pipeline stages) and turned into an
/// <c>{ok: 0}</c> reply at the single dispatcher boundary; never escapes to the connection.
/// </summary>
internal sealed class MongoErrorException : Exception
{
    public MongoErrorException(int code, string codeName, string message, IReadOnlyList<string>? labels = null)
        : base(message)
    {
        Code = code;
        CodeName = codeName;
        Labels = labels ?? [];
    }

    public MongoErrorException()
        : this(1, "InternalError", "internal error")
    {
    }

    public MongoErrorException(string message)
        : this(1, "InternalError", message)
    {
    }

    public MongoErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 1;
        CodeName = "InternalError";
        Labels = [];
    }

    public int Code { get; }

    public string CodeName { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Extra reply fields, such as <c>keyPattern</c>/<c>keyValue</c> of a duplicate key.</summary>
    public BsonDocument? ExtraInfo { get; init; }

    public static MongoErrorException BadValue(string message) => new(2, "BadValue", message);

    public static MongoErrorException TypeMismatch(string message) => new(14, "TypeMismatch", message);

    public static MongoErrorException FailedToParse(string message) => new(9, "FailedToParse", message);

    public static MongoErrorException InvalidOptions(string message) => new(72, "InvalidOptions", message);

    public static MongoErrorException NamespaceNotFound(string message) => new(26, "NamespaceNotFound", message);

    public static MongoErrorException NamespaceExists(string message) => new(48, "NamespaceExists", message);

    public static MongoErrorException Location(int code, string message) => new(code, "Location" + code, message);

    /// <summary>The reply document mongod sends for this error.</summary>
    public BsonDocument ToReply()
    {
        var doc = new BsonDocument { { "ok", 0.0 }, { "errmsg", Message }, { "code", Code }, { "codeName", CodeName } };
        if (ExtraInfo is not null)
        {
            doc.AddRange(ExtraInfo);
        }

        if (Labels.Count > 0)
        {
            doc["errorLabels"] = new BsonArray(Labels);
        }

        return doc;
    }
}
