using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>A change stream created by <c>createChangeStream</c>, iterated one document at a time.</summary>
internal sealed class ChangeStreamEntity(IChangeStreamCursor<BsonDocument> cursor) : IDisposable
{
    /// <summary>How long iterateUntilDocumentOrError waits before failing the test instead of hanging the suite.</summary>
    private static readonly TimeSpan IterateTimeout = TimeSpan.FromSeconds(15);

    private readonly Queue<BsonDocument> _buffered = new();

    /// <summary>The next change document; getMores that return empty batches are retried, errors surface.</summary>
    public async Task<BsonDocument> NextAsync()
    {
        using var timeout = new CancellationTokenSource(IterateTimeout);
        while (_buffered.Count == 0)
        {
            if (!await cursor.MoveNextAsync(timeout.Token))
            {
                throw new InvalidOperationException("The change stream ended before returning a document.");
            }

            foreach (var document in cursor.Current)
            {
                _buffered.Enqueue(document);
            }
        }

        return _buffered.Dequeue();
    }

    /// <summary>One getMore (or none, when documents are already buffered); returns a document if there is one.</summary>
    public async Task<BsonDocument?> TryNextOnceAsync()
    {
        if (_buffered.Count == 0 && await cursor.MoveNextAsync())
        {
            foreach (var document in cursor.Current)
            {
                _buffered.Enqueue(document);
            }
        }

        return _buffered.Count > 0 ? _buffered.Dequeue() : null;
    }

    public void Dispose() => cursor.Dispose();
}
