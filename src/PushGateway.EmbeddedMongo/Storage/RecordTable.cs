using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// A collection's documents by record id, in record id (natural) order. Record ids only grow, so the documents sit in
/// fixed-size chunks indexed by id, with a null where one was deleted: no tree node per document for the garbage
/// collector to trace, and a chunk whose documents were all deleted is released. Not thread-safe.
/// </summary>
internal sealed class RecordTable
{
    private const int ChunkBits = 10;
    private const int ChunkSize = 1 << ChunkBits;

    // Chunk i holds record ids (_firstChunk + i) * ChunkSize + 1 ... + ChunkSize; null once all its documents are gone.
    private readonly List<BsonDocument?[]?> _chunks = [];
    private readonly List<int> _live = [];
    private long _firstChunk;
    private long _lastId;

    public int Count { get; private set; }

    public BsonDocument this[long recordId] =>
        TryGet(recordId, out var doc) ? doc : throw new KeyNotFoundException($"record {recordId} not found");

    public bool TryGet(long recordId, out BsonDocument doc)
    {
        var (chunk, slot) = Locate(recordId);
        doc = chunk >= 0 && chunk < _chunks.Count && _chunks[chunk] is { } documents ? documents[slot]! : null!;
        return doc is not null;
    }

    /// <summary>Adds a document under a record id greater than every one added before.</summary>
    public void Add(long recordId, BsonDocument doc)
    {
        if (recordId <= _lastId)
        {
            throw new InvalidOperationException($"record id {recordId} is not after {_lastId}");
        }

        if (_chunks.Count == 0)
        {
            _firstChunk = (recordId - 1) >> ChunkBits;
        }

        var (chunk, slot) = Locate(recordId);
        while (_chunks.Count <= chunk)
        {
            _chunks.Add(null);
            _live.Add(0);
        }

        var documents = _chunks[chunk] ??= new BsonDocument?[ChunkSize];
        documents[slot] = doc;
        _live[chunk]++;
        _lastId = recordId;
        Count++;
    }

    /// <summary>Replaces the document of an existing record.</summary>
    public void Set(long recordId, BsonDocument doc)
    {
        var (chunk, slot) = Locate(recordId);
        if (chunk < 0 || chunk >= _chunks.Count || _chunks[chunk]?[slot] is null)
        {
            throw new KeyNotFoundException($"record {recordId} not found");
        }

        _chunks[chunk]![slot] = doc;
    }

    public bool Remove(long recordId)
    {
        var (chunk, slot) = Locate(recordId);
        if (chunk < 0 || chunk >= _chunks.Count || _chunks[chunk] is not { } documents || documents[slot] is null)
        {
            return false;
        }

        documents[slot] = null;
        Count--;
        if (--_live[chunk] == 0)
        {
            _chunks[chunk] = null;
            ReleaseLeadingChunks();
        }

        return true;
    }

    /// <summary>The records in record id order.</summary>
    public IEnumerable<KeyValuePair<long, BsonDocument>> Scan()
    {
        for (var chunk = 0; chunk < _chunks.Count; chunk++)
        {
            if (_chunks[chunk] is not { } documents)
            {
                continue;
            }

            var first = ((_firstChunk + chunk) << ChunkBits) + 1;
            for (var slot = 0; slot < ChunkSize; slot++)
            {
                if (documents[slot] is { } doc)
                {
                    yield return new(first + slot, doc);
                }
            }
        }
    }

    public IEnumerable<BsonDocument> Values => Scan().Select(r => r.Value);

    private (int Chunk, int Slot) Locate(long recordId)
    {
        var index = recordId - 1;
        var chunk = (index >> ChunkBits) - _firstChunk;
        return (chunk is < 0 or > int.MaxValue ? -1 : (int)chunk, (int)(index & (ChunkSize - 1)));
    }

    // Chunks before the first one still holding a document are dropped (the list does not grow without bound), but
    // never the last one: the next id may still fall into it.
    private void ReleaseLeadingChunks()
    {
        var drop = 0;
        while (drop < _chunks.Count - 1 && _chunks[drop] is null)
        {
            drop++;
        }

        if (drop >= 64 || (drop > 0 && drop == _chunks.Count - 1))
        {
            _chunks.RemoveRange(0, drop);
            _live.RemoveRange(0, drop);
            _firstChunk += drop;
        }
    }
}
