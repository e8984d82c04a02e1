using MongoDB.Bson;

namespace PushGateway.Query.Ast;

/// <summary>A node of the parsed filter tree that applies to a whole document. MQL and SQL both parse to this tree.</summary>
internal abstract class FilterNode
{
    /// <summary>Appends this node's canonical MQL to <paramref name="target"/> (one or more top-level keys).</summary>
    public abstract void WriteTo(BsonDocument target);

    public BsonDocument ToBsonDocument()
    {
        var document = new BsonDocument();
        WriteTo(document);
        return document;
    }
}
