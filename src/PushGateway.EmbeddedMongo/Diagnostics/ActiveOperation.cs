using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Diagnostics;

/// <summary>A command being executed, as <c>$currentOp</c> lists it.</summary>
internal sealed class ActiveOperation
{
    public required long OpId { get; init; }

    public required long ConnectionId { get; init; }

    public required string Client { get; init; }

    public string? AppName { get; init; }

    /// <summary><c>db.coll</c>, or <c>db.$cmd</c> for commands without a collection.</summary>
    public required string Namespace { get; init; }

    public required string CommandName { get; init; }

    /// <summary>mongod's <c>op</c>: query, insert, update, remove, getmore or command.</summary>
    public required string Kind { get; init; }

    public required BsonDocument Command { get; init; }

    public required DateTime StartedAt { get; init; }

    public required long StartedTimestamp { get; init; }
}
