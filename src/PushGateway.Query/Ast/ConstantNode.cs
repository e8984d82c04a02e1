using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$alwaysTrue</c> / <c>$alwaysFalse</c>.</summary>
internal sealed class ConstantNode(bool value) : FilterNode
{
    public bool Value { get; } = value;

    public override void WriteTo(BsonDocument target) => target.Add(Value ? "$alwaysTrue" : "$alwaysFalse", 1);
}
