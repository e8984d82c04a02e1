using Microsoft.Extensions.Logging;
using PushGateway.EmbeddedMongo.ChangeStreams;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Durability;

/// <summary>
/// The on-disk state under DataPath: <c>snapshot.bson</c> (written at startup and clean stop) plus
/// <c>journal.bson</c> (every acknowledged change since). Recovery loads the snapshot, then replays
/// journal records newer than it; a snapshot is replaced atomically (write, fsync, rename).
/// </summary>
internal sealed class DataDirectory
{
    private const string SnapshotFile = "snapshot.bson";
    private const string JournalFile = "journal.bson";
    private readonly string _path;
    private readonly Journal _journal;

    private DataDirectory(string path, Journal journal)
    {
        _path = path;
        _journal = journal;
    }

    public static DataDirectory Open(string path, long compactAfterBytes, Store store, ILogger logger)
    {
        Directory.CreateDirectory(path);
        var snapshotPath = Path.Combine(path, SnapshotFile);
        var journalPath = Path.Combine(path, JournalFile);
        var count = 0;
        lock (store.Sync)
        {
            foreach (var record in Journal.Load(snapshotPath))
            {
                store.LoadSnapshotRecord(record);
                count++;
            }

            var snapshotSeq = store.ChangeLog.LastSeq;
            foreach (var record in Journal.Load(journalPath))
            {
                // A committed transaction is one record holding all its events: replayed whole or (torn) not at all.
                var changes = record.GetValue("kind", "") == "txn"
                    ? record["events"].AsBsonArray.Select(e => ChangeEvent.FromRecord(e.AsBsonDocument))
                    : [ChangeEvent.FromRecord(record)];
                foreach (var change in changes.Where(c => c.Seq > snapshotSeq))
                {
                    store.Replay(change);
                    count++;
                }
            }

            WriteSnapshot(path, store);
            var journal = new Journal(journalPath);
            journal.Reset();
            var directory = new DataDirectory(path, journal);
            store.AttachJournal(journal, directory, compactAfterBytes);
            Log.Recovered(logger, count, path);
            return directory;
        }
    }

    /// <summary>Replaces the journal by a fresh snapshot (callers hold the store lock).</summary>
    public void Compact(Store store)
    {
        _journal.Commit();
        WriteSnapshot(_path, store);
        _journal.Reset();
    }

    /// <summary>On clean stop: snapshot everything and empty the journal (callers hold the store lock).</summary>
    public void Close(Store store)
    {
        _journal.Commit();
        WriteSnapshot(_path, store);
        _journal.Reset();
        _journal.Dispose();
    }

    private static void WriteSnapshot(string path, Store store)
    {
        var temp = Path.Combine(path, SnapshotFile + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var record in store.SnapshotRecords())
            {
                stream.Write(MongoDB.Bson.BsonExtensionMethods.ToBson(record));
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(path, SnapshotFile), overwrite: true);
    }
}
