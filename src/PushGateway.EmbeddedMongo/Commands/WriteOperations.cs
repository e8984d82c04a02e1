using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.EmbeddedMongo.Updates;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>Update and upsert of matched documents, shared by <c>update</c> and <c>findAndModify</c>. Callers hold the store lock.</summary>
internal static class WriteOperations
{
    /// <summary>Applies the update to one stored document; returns the new document and whether it changed.</summary>
    public static (BsonDocument After, bool Modified) UpdateOne(Store store, CollectionState c, long recordId, BsonDocument before, UpdateApplier applier, Filter? filter, bool bypassValidation = false)
    {
        var applied = applier.Apply(before, false, filter, store.Clock);
        var after = applied.Document;
        if (UpdateDescriptionBuilder.Same(before, after))
        {
            // A no-op: nModified 0 and, as in mongod, no change event.
            return (before, false);
        }

        DocumentValidation.Check(c, after, bypassValidation);
        store.Update(c, recordId, before, after, applied.Description);
        return (after, true);
    }

    /// <summary>Inserts the upsert document seeded from the query; returns it.</summary>
    public static BsonDocument Upsert(Store store, string db, string coll, BsonDocument? query, UpdateApplier applier, Filter filter, bool bypassValidation = false)
    {
        var seed = UpsertSeed.From(query, applier.IsReplacement);
        var doc = applier.Apply(seed, true, filter, store.Clock).Document;
        if (applier.IsReplacement && seed.TryGetValue("_id", out var id) && !doc.Contains("_id"))
        {
            doc["_id"] = id;
        }

        doc = InsertCommand.Prepare(doc);
        var c = store.GetOrCreateCollection(db, coll);
        DocumentValidation.Check(c, doc, bypassValidation);
        store.Insert(c, doc);
        return doc;
    }
}
