using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary>
/// PushGateway extension <c>{$changed: "path"}</c> (SQL <c>CHANGED('path')</c>): an update event
/// touched the path, something below it, or something above it.
/// </summary>
internal sealed class ChangedNode(string path) : FilterNode
{
    public string Path { get; } = path;

    public override void WriteTo(BsonDocument target) => target.Add("$changed", Path);
}
