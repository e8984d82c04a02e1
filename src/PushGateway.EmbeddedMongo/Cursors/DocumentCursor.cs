using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Cursors;

/// <summary>A cursor over a materialised result (find and non-stream aggregate).</summary>
internal sealed class DocumentCursor(long id, string ns, IEnumerator<BsonDocument> results) : ServerCursor(id, ns)
{
    private const int MaxBatchBytes = 16 * 1024 * 1024 - 16 * 1024;
    private BsonDocument? _pending;

    public bool Exhausted { get; private set; }

    public override bool IsExhausted => Exhausted;

    public override ValueTask<BsonDocument> NextBatchAsync(CursorBatchRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Fill(request.BatchSize switch
        {
            > 0 => request.BatchSize.Value,
            0 when request.First => 0, // find/aggregate with batchSize 0: open the cursor, return nothing yet
            _ => request.First ? 101 : int.MaxValue,
        }));

    private BsonDocument Fill(int batchSize)
    {
        var batch = new BsonArray();
        var bytes = 0;
        while (batch.Count < batchSize)
        {
            var next = _pending;
            _pending = null;
            if (next is null)
            {
                if (!results.MoveNext())
                {
                    Exhausted = true;
                    results.Dispose();
                    break;
                }

                next = results.Current;
            }

            var size = Storage.BsonSize.Of(next);
            if (batch.Count > 0 && bytes + size > MaxBatchBytes)
            {
                _pending = next;
                break;
            }

            bytes += size;
            batch.Add(next);
        }

        // Look ahead so that a result that ends exactly at a batch boundary closes the cursor now.
        if (!Exhausted && _pending is null)
        {
            if (results.MoveNext())
            {
                _pending = results.Current;
            }
            else
            {
                Exhausted = true;
                results.Dispose();
            }
        }

        return new BsonDocument("batch", batch);
    }
}
