using MongoDB.Bson;
using PushGateway.EmbeddedMongo.ChangeStreams;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>Redoing journaled changes at startup (no new events are emitted while replaying).</summary>
internal sealed partial class Store
{
    /// <summary>Re-applies one journaled change and retains its event.</summary>
    public void Replay(ChangeEvent change)
    {
        _replaying = true;
        try
        {
            ReplayCore(change);
        }
        finally
        {
            _replaying = false;
        }

        _clock.AdvanceTo(change.ClusterTime);
        ChangeLog.Append(change);
    }

    private void ReplayCore(ChangeEvent change)
    {
        var c = change.Collection is null ? null : TryGetCollection(change.Database, change.Collection);
        switch (change.OperationType)
        {
            case "create":
                if (c is null)
                {
                    AddCollection(change.Database, change.Collection!, change.Apply!["options"].AsBsonDocument, change.CollectionUuid ?? Guid.NewGuid());
                }

                break;
            case "insert":
                (c ?? AddCollection(change.Database, change.Collection!, [], change.CollectionUuid ?? Guid.NewGuid())).Insert(change.Body["fullDocument"].AsBsonDocument.DeepClone().AsBsonDocument);
                break;
            case "update" or "replace":
                if (c is not null && c.TryFindById(change.Body["documentKey"]["_id"], out var rid, out _))
                {
                    c.Replace(rid, change.Apply!["doc"].AsBsonDocument.DeepClone().AsBsonDocument);
                }

                break;
            case "delete":
                if (c is not null && c.TryFindById(change.Body["documentKey"]["_id"], out var did, out _))
                {
                    c.Delete(did);
                }

                break;
            case "drop":
                if (c is not null)
                {
                    _databases[c.Database].Remove(c.Name);
                }

                break;
            case "dropDatabase":
                _databases.Remove(change.Database);
                break;
            case "rename":
                if (c is not null)
                {
                    var to = change.Apply!["to"].AsBsonDocument;
                    MoveCollection(c, to["db"].AsString, to["coll"].AsString);
                }

                break;
            case "createIndexes":
                c?.AddIndex(new IndexState(change.Apply!["spec"].AsBsonDocument));
                break;
            case "dropIndexes":
                if (c is not null)
                {
                    c.Indexes.RemoveAll(i => i.Name == change.Apply!["name"].AsString);
                }

                break;
            case "modify":
                if (c is not null)
                {
                    c.Options = change.Apply!["options"].AsBsonDocument;
                }

                break;
        }
    }
}
