using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary><c>$elemMatch: {field conditions}</c>: some element (a document or array) matches the inner filter.</summary>
internal sealed class ElemMatchObjectPredicate(FilterNode filter) : PredicateNode
{
    public FilterNode Filter { get; } = filter;

    public override void WriteTo(BsonDocument operators) => operators.Add("$elemMatch", Filter.ToBsonDocument());
}
