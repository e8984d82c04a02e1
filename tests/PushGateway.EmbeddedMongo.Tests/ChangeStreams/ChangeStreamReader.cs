using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.ChangeStreams;

/// <summary>Reads a change stream one event at a time, waiting (without sleeping) up to a generous deadline.</summary>
internal sealed class ChangeStreamReader<T>(IChangeStreamCursor<T> cursor) : IDisposable
{
    private readonly Queue<T> _buffer = new();

    public IChangeStreamCursor<T> Cursor => cursor;

    public async Task<T> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (_buffer.Count == 0)
        {
            if (!await cursor.MoveNextAsync(timeout.Token))
            {
                throw new InvalidOperationException("change stream ended");
            }

            foreach (var item in cursor.Current)
            {
                _buffer.Enqueue(item);
            }
        }

        return _buffer.Dequeue();
    }

    /// <summary>Drains one server round trip and returns what it delivered (possibly nothing).</summary>
    public async Task<List<T>> TryNextBatchAsync()
    {
        var items = new List<T>(_buffer);
        _buffer.Clear();
        if (await cursor.MoveNextAsync())
        {
            items.AddRange(cursor.Current);
        }

        return items;
    }

    public void Dispose() => cursor.Dispose();
}
