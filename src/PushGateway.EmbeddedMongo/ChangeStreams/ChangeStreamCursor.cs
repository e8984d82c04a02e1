using MongoDB.Bson;
using PushGateway.Query.Bson;
using PushGateway.EmbeddedMongo.Aggregation;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Cursors;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// A change stream: reads the change log from a position, shapes events for its options and user
/// pipeline, and waits on the log's append signal (no polling) until getMore's maxTimeMS.
/// <c>postBatchResumeToken</c> is the position actually scanned, so it never passes an undelivered event.
/// </summary>
internal sealed class ChangeStreamCursor : ServerCursor
{
    private const int MaxBatchBytes = 16 * 1024 * 1024 - 64 * 1024;
    private readonly Store _store;
    private readonly ChangeStreamScope _scope;
    private readonly ChangeStreamOptions _options;
    private readonly List<BsonDocument> _stages;
    private readonly TimeProvider _timeProvider;
    private readonly PreImageRetention _retention;
    private long _position;
    private ChangeEvent? _pendingInvalidate;
    private bool _exhausted;
    private BsonDocument? _invalidateToken;

    public ChangeStreamCursor(long id, string ns, Store store, ChangeStreamScope scope, ChangeStreamOptions options, List<BsonDocument> stages, long position, TimeProvider timeProvider, PreImageRetention retention)
        : base(id, ns)
    {
        _retention = retention;
        _store = store;
        _scope = scope;
        _options = options;
        _stages = stages;
        _position = position;
        _timeProvider = timeProvider;
    }

    public override bool IsExhausted => _exhausted;

    public override async ValueTask<BsonDocument> NextBatchAsync(CursorBatchRequest request, CancellationToken cancellationToken)
    {
        var limit = request.BatchSize is > 0 ? request.BatchSize.Value : request.BatchSize == 0 ? 0 : int.MaxValue;
        var wait = request.MaxAwait ?? TimeSpan.FromSeconds(1);
        var deadline = _timeProvider.GetTimestamp() + (long)(wait.TotalSeconds * _timeProvider.TimestampFrequency);
        var batch = new BsonArray();
        var bytes = 0;
        while (true)
        {
            var (done, signal) = Fill(batch, limit, ref bytes);
            if (done || batch.Count > 0 || request.First || limit == 0)
            {
                return Reply(batch);
            }

            var remaining = TimeSpan.FromSeconds((double)(deadline - _timeProvider.GetTimestamp()) / _timeProvider.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                return Reply(batch);
            }

            // An idle getMore ends by timing out, which is the normal case, not an error: wait without the
            // TimeoutException that WaitAsync(timeout) would create and throw on every idle poll.
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(signal!, Task.Delay(remaining, _timeProvider, stopDelay.Token));
            await stopDelay.CancelAsync(); // frees the timer when the signal came first
            cancellationToken.ThrowIfCancellationRequested();
            if (first != signal)
            {
                Fill(batch, limit, ref bytes);
                return Reply(batch);
            }
        }
    }

    /// <summary>
    /// Adds events to the batch until it is full or the log is exhausted. Events are picked under the
    /// store lock (cheap), then shaped outside it, so streams with heavy pipelines never block writers.
    /// Returns whether the batch is complete, and otherwise the signal of the next append.
    /// </summary>
    private (bool Done, Task? Signal) Fill(BsonArray batch, int limit, ref int bytes)
    {
        while (true)
        {
            if (_exhausted || batch.Count >= limit)
            {
                return (true, null);
            }

            if (_pendingInvalidate is { } invalidating)
            {
                var invalidate = Invalidate(invalidating);
                batch.Add(invalidate);
                _invalidateToken = invalidate["_id"].AsBsonDocument;
                _pendingInvalidate = null;
                _exhausted = true;
                return (true, null);
            }

            const int Chunk = 1000;
            List<ChangeEvent> picked;
            long scannedTo;
            Task signal;
            var max = Math.Min(limit - batch.Count, Chunk);
            lock (_store.Sync)
            {
                picked = Pick(max, out scannedTo);

                // Taken under the lock, so an append after this pick cannot be missed.
                signal = _store.ChangeLog.WaitForAppendAsync();
            }

            foreach (var change in picked)
            {
                var shaped = Shape(change);
                if (shaped is not null)
                {
                    var size = change.ApproximateSize;
                    if (batch.Count > 0 && bytes + size > MaxBatchBytes)
                    {
                        return (true, null);
                    }

                    bytes += size;
                    batch.Add(shaped);
                }

                _position = change.Seq;
                if (_scope.Invalidates(change))
                {
                    _pendingInvalidate = change;
                    break;
                }
            }

            if (_pendingInvalidate is not null)
            {
                continue;
            }

            _position = Math.Max(_position, scannedTo);
            if (picked.Count < max)
            {
                // Reached the end of the log.
                return (false, signal);
            }
        }
    }

    /// <summary>In-scope events after the position (callers hold the store lock); fails 286 when some were trimmed away.</summary>
    private List<ChangeEvent> Pick(int max, out long scannedTo)
    {
        var picked = new List<ChangeEvent>();
        scannedTo = _position;
        var log = _store.ChangeLog;
        while (picked.Count < max)
        {
            var change = log.After(scannedTo);
            if (change is null)
            {
                break;
            }

            if (change.Seq > scannedTo + 1 && scannedTo < log.LastTrimmedSeq)
            {
                throw HistoryLost();
            }

            scannedTo = change.Seq;
            if (_scope.Includes(change) && (!change.Expanded || _options.ShowExpandedEvents))
            {
                picked.Add(change);
            }
        }

        return picked;
    }

    private BsonDocument Reply(BsonArray batch) => new() { { "batch", batch }, { "postBatchResumeToken", PostBatchResumeToken() } };

    private BsonDocument PostBatchResumeToken()
    {
        if (_invalidateToken is not null)
        {
            return _invalidateToken;
        }

        lock (_store.Sync)
        {
            var ts = _store.ChangeLog.ClusterTimeOf(_position) ?? _store.Clock.Current.Value;
            return new ResumeToken(ts, _position, false).ToDocument();
        }
    }

    private BsonDocument? Shape(ChangeEvent change)
    {
        var token = change.Token.ToDocument();
        // Built at its exact size; the options below replace fields in place or append a few.
        var builder = default(ExactDocuments.Builder);
        builder.Add("_id", token);
        var body = change.Body;
        for (var i = 0; i < body.ElementCount; i++)
        {
            var field = body.GetElement(i);
            builder.Add(field.Name, field.Value, allowDuplicateNames: false);
        }

        var doc = builder.ToDocument(allowDuplicateNames: false);
        if (doc.TryGetValue("updateDescription", out var description) && !_options.ShowExpandedEvents)
        {
            var copy = new BsonDocument(description.AsBsonDocument);
            copy.Remove("disambiguatedPaths");
            doc["updateDescription"] = copy;
        }

        if (_options.ShowExpandedEvents && change.CollectionUuid is { } uuid)
        {
            doc["collectionUUID"] = new BsonBinaryData(uuid, GuidRepresentation.Standard);
        }

        if (_options.ShowExpandedEvents && change.OperationType == "rename")
        {
            var renameDescription = new BsonDocument("to", change.Body["to"]);
            if (change.Apply?.TryGetValue("dropTarget", out var dropped) == true)
            {
                renameDescription["dropTarget"] = dropped;
            }

            doc["operationDescription"] = renameDescription;
        }

        // Expired images are gone, as on mongod (a post-image is derived from the pre-image, so both go together).
        var kept = _retention.Keeps(change.WallTime);
        var preImage = kept ? change.PreImage : null;
        var postImage = kept ? change.PostImage : null;
        if (change.OperationType == "update")
        {
            switch (_options.FullDocument)
            {
                case "updateLookup":
                    lock (_store.Sync)
                    {
                        var c = _store.TryGetCollection(change.Database, change.Collection!);
                        doc["fullDocument"] = c is not null && c.TryFindById(change.Body["documentKey"]["_id"], out _, out var current) ? current : BsonNull.Value;
                    }

                    break;
                case "whenAvailable":
                    doc["fullDocument"] = (BsonValue?)postImage ?? BsonNull.Value;
                    break;
                case "required":
                    doc["fullDocument"] = postImage ?? throw new MongoErrorException(ChangeStreamErrors.NoMatchingDocument, "NoMatchingDocument", $"Change stream was configured to require a post-image for all update, delete and replace events, but the post-image was not found for event: {token.ToJson()}");
                    break;
            }
        }

        if (change.OperationType is "update" or "replace" or "delete")
        {
            switch (_options.FullDocumentBeforeChange)
            {
                case "whenAvailable":
                    doc["fullDocumentBeforeChange"] = (BsonValue?)preImage ?? BsonNull.Value;
                    break;
                case "required":
                    doc["fullDocumentBeforeChange"] = preImage ?? throw new MongoErrorException(ChangeStreamErrors.NoMatchingDocument, "NoMatchingDocument", $"Change stream was configured to require a pre-image for all update, delete and replace events, but the pre-image was not found for event: {token.ToJson()}");
                    break;
            }
        }

        var result = _stages.Count == 0 ? doc : ApplyStages(doc);
        if (result is not null && (!result.TryGetValue("_id", out var id) || !id.Equals(token)))
        {
            throw new MongoErrorException(280, "ChangeStreamFatalError", "Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point. Only transformations that retain the unmodified _id field are allowed.", ["NonResumableChangeStreamError"]);
        }

        return result;
    }

    /// <summary>The user's pipeline over one event: the event, changed, or null when a stage filtered it out.</summary>
    private BsonDocument? ApplyStages(BsonDocument doc)
    {
        IEnumerable<BsonDocument> docs = [doc];
        foreach (var stage in _stages)
        {
            docs = Stages.Apply(docs, stage, null);
        }

        return docs.SingleOrDefault();
    }

    private static BsonDocument Invalidate(ChangeEvent cause) => new()
    {
        { "_id", new ResumeToken(cause.ClusterTime.Value, cause.Seq, true).ToDocument() },
        { "operationType", "invalidate" },
        { "clusterTime", cause.ClusterTime },
        { "wallTime", new BsonDateTime(cause.WallTime) },
    };

    public static MongoErrorException HistoryLost() =>
        new(286, "ChangeStreamHistoryLost", "Resume of change stream was not possible, as the resume point may no longer be in the oplog.", ["NonResumableChangeStreamError"]);
}
