using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>One command-monitoring event seen by a client entity, in the unified format's vocabulary.</summary>
/// <param name="Type">commandStartedEvent, commandSucceededEvent or commandFailedEvent.</param>
internal sealed record RecordedEvent(string Type, string CommandName, string DatabaseName, BsonDocument? Command, BsonDocument? Reply)
{
    public override string ToString() => Type switch
    {
        "commandStartedEvent" => $"{Type} {CommandName} {Command?.ToJson()}",
        "commandSucceededEvent" => $"{Type} {CommandName} {Reply?.ToJson()}",
        _ => $"{Type} {CommandName}",
    };
}
