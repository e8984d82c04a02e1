using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary>A condition on the values at a path (an operator of an MQL operator document).</summary>
internal abstract class PredicateNode
{
    /// <summary>Appends this predicate's operator(s), e.g. <c>$gt: 5</c>, to an operator document.</summary>
    public abstract void WriteTo(BsonDocument operators);
}
