using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$type</c> with resolved types; <see cref="Number"/> is the <c>"number"</c> alias.</summary>
internal sealed class TypePredicate(BsonValue operand, IReadOnlySet<BsonType> types, bool number) : PredicateNode
{
    public BsonValue Operand { get; } = operand;

    public IReadOnlySet<BsonType> Types { get; } = types;

    public bool Number { get; } = number;

    public override void WriteTo(BsonDocument operators) => operators.Add("$type", Operand);
}
