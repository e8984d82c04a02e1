using MongoDB.Bson;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>
/// An independent change stream on a collection, opened by the test itself with event-time images
/// (<c>fullDocument</c> and <c>fullDocumentBeforeChange</c> <c>whenAvailable</c>): the ground truth that gateway
/// deliveries are compared with. Runs until disposed, whatever happens to the gateway.
/// </summary>
internal sealed class GroundTruthStream : IAsyncDisposable
{
    private readonly List<BsonDocument> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;

    private GroundTruthStream(IChangeStreamCursor<BsonDocument> cursor) => _reader = ReadAsync(cursor);

    public IReadOnlyList<BsonDocument> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<GroundTruthStream> OpenAsync(IMongoCollection<BsonDocument> collection)
    {
        var options = new ChangeStreamOptions
        {
            FullDocument = ChangeStreamFullDocumentOption.WhenAvailable,
            FullDocumentBeforeChange = ChangeStreamFullDocumentBeforeChangeOption.WhenAvailable,
            MaxAwaitTime = TimeSpan.FromMilliseconds(100),
        };
        var pipeline = new BsonDocumentStagePipelineDefinition<ChangeStreamDocument<BsonDocument>, BsonDocument>([], BsonDocumentSerializer.Instance);
        return new GroundTruthStream(await collection.WatchAsync(pipeline, options));
    }

    /// <summary>Waits until an event on the document with <paramref name="id"/> has been read; the index of the last such event.</summary>
    public async Task<int> WaitForAsync(string id, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task appended;
            lock (_events)
            {
                var index = _events.FindLastIndex(e => e["documentKey"]["_id"] == id);
                if (index >= 0)
                {
                    return index;
                }

                appended = _appended.Task;
            }

            await appended.WaitAsync(cancel.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(IChangeStreamCursor<BsonDocument> cursor)
    {
        using (cursor)
        {
            while (await cursor.MoveNextAsync(_stop.Token))
            {
                lock (_events)
                {
                    _events.AddRange(cursor.Current);
                    _appended.TrySetResult();
                    _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }
}
