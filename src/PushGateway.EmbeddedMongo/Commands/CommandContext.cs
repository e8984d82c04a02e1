using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>One command being executed.</summary>
internal sealed class CommandContext(ServerContext server, BsonDocument command, string database, string name, ConnectionInfo connection, CancellationToken cancellationToken)
{
    public ServerContext Server { get; } = server;

    public Store Store => Server.Store;

    public BsonDocument Command { get; } = command;

    public string Database { get; } = database;

    public string Name { get; } = name;

    public ConnectionInfo Connection { get; } = connection;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The command's first value as a collection name (fails with mongod's error otherwise).</summary>
    public string CollectionName
    {
        get
        {
            var value = Command[0];
            return value.IsString && value.AsString.Length > 0
                ? value.AsString
                : throw new MongoErrorException(73, "InvalidNamespace", $"collection name has invalid type {value.BsonType}");
        }
    }

    public string Namespace => $"{Database}.{CollectionName}";

    public BsonDocument DocumentOption(string name) =>
        Command.TryGetValue(name, out var v) && !v.IsBsonNull
            ? v as BsonDocument ?? throw MongoErrorException.TypeMismatch($"BSON field '{Name}.{name}' is the wrong type '{v.BsonType}', expected type 'object'")
            : [];

    public BsonDocument? OptionalDocument(string name) =>
        Command.TryGetValue(name, out var v) && !v.IsBsonNull
            ? v as BsonDocument ?? throw MongoErrorException.TypeMismatch($"BSON field '{Name}.{name}' is the wrong type '{v.BsonType}', expected type 'object'")
            : null;

    public long? OptionalInt64(string name) =>
        Command.TryGetValue(name, out var v) && !v.IsBsonNull
            ? v.IsNumeric ? v.ToInt64() : throw MongoErrorException.TypeMismatch($"BSON field '{Name}.{name}' is the wrong type '{v.BsonType}', expected types '[long, int, decimal, double]'")
            : null;

    public bool Flag(string name, bool defaultValue = false) =>
        Command.TryGetValue(name, out var v) && !v.IsBsonNull ? v.ToBoolean() : defaultValue;
}
