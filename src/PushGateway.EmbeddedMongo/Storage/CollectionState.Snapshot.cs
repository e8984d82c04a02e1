using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>Private copies of a collection for transactions.</summary>
internal sealed partial class CollectionState
{
    /// <summary>
    /// A copy with the same documents (shared: stored documents are never mutated in place), natural order and
    /// indexes, which a transaction reads and writes without affecting this collection.
    /// </summary>
    public CollectionState Snapshot()
    {
        var copy = new CollectionState(Database, Name, Options, Uuid);
        foreach (var index in Indexes.Skip(1))
        {
            copy.AddIndex(new IndexState(index.Spec));
        }

        foreach (var doc in Documents)
        {
            copy.Insert(doc);
        }

        return copy;
    }
}
