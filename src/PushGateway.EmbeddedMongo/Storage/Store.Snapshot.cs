using MongoDB.Bson;
using PushGateway.EmbeddedMongo.ChangeStreams;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>Writing and loading a full snapshot (collections, indexes, documents, retained events).</summary>
internal sealed partial class Store
{
    /// <summary>Every record of a snapshot, header first. Callers hold <see cref="Sync"/>.</summary>
    public IEnumerable<BsonDocument> SnapshotRecords()
    {
        yield return new BsonDocument
        {
            { "kind", "header" },
            { "lastSeq", ChangeLog.LastSeq },
            { "lastTrimmedSeq", ChangeLog.LastTrimmedSeq },
            { "lastTrimmedTime", ChangeLog.LastTrimmedClusterTime },
            { "clusterTime", _clock.Current },
        };
        foreach (var (db, colls) in _databases)
        {
            foreach (var c in colls.Values)
            {
                yield return new BsonDocument
                {
                    { "kind", "coll" },
                    { "db", db },
                    { "name", c.Name },
                    { "options", c.Options },
                    { "uuid", new BsonBinaryData(c.Uuid, GuidRepresentation.Standard) },
                    { "indexes", new BsonArray(c.Indexes.Skip(1).Select(i => i.Spec)) },
                };
                foreach (var doc in c.Documents)
                {
                    yield return new BsonDocument { { "kind", "doc" }, { "db", db }, { "coll", c.Name }, { "doc", doc } };
                }
            }
        }

        foreach (var change in ChangeLog.Retained())
        {
            yield return new BsonDocument { { "kind", "event" }, { "event", change.ToRecord() } };
        }
    }

    /// <summary>Loads one snapshot record; returns the snapshot's last sequence for the header.</summary>
    public void LoadSnapshotRecord(BsonDocument record)
    {
        switch (record["kind"].AsString)
        {
            case "header":
                ChangeLog.RestoreCounters(record["lastSeq"].ToInt64(), record["lastTrimmedSeq"].ToInt64(), record["lastTrimmedTime"].ToInt64());
                _clock.AdvanceTo(record["clusterTime"].AsBsonTimestamp);
                break;
            case "coll":
                var c = AddCollection(record["db"].AsString, record["name"].AsString, record["options"].AsBsonDocument, record["uuid"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
                foreach (var spec in record["indexes"].AsBsonArray)
                {
                    c.AddIndex(new IndexState(spec.AsBsonDocument));
                }

                break;
            case "doc":
                TryGetCollection(record["db"].AsString, record["coll"].AsString)!.Insert(record["doc"].AsBsonDocument);
                break;
            case "event":
                var change = ChangeEvent.FromRecord(record["event"].AsBsonDocument);
                _clock.AdvanceTo(change.ClusterTime);
                ChangeLog.Append(change);
                break;
        }
    }
}
