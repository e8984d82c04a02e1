using MongoDB.Bson;
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
    private long _position;
    private ChangeEvent? _pendingInvalidate;
    private bool _exhausted;
    private BsonDocument? _invalidateToken;

    public ChangeStreamCursor(long id, string ns, Store store, ChangeStreamScope scope, ChangeStreamOptions options, List<BsonDocument> stages, long position, TimeProvider timeProvider)
        : base(id, ns)
    {
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
        while (true)
        {
            Task signal;
            BsonDocument result;
            lock (_store.Sync)
            {
                var batch = new BsonArray();
                Scan(batch, limit);
                result = new BsonDocument { { "batch", batch }, { "postBatchResumeToken", PostBatchResumeToken(batch) } };
                if (batch.Count > 0 || _exhausted || request.First || limit == 0)
                {
                    return result;
                }

                // Taken under the lock, so an append after this scan cannot be missed.
                signal = _store.ChangeLog.WaitForAppendAsync();
            }

            var remaining = TimeSpan.FromSeconds((double)(deadline - _timeProvider.GetTimestamp()) / _timeProvider.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                return result;
            }

            try
            {
                await signal.WaitAsync(remaining, _timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                lock (_store.Sync)
                {
                    var batch = new BsonArray();
                    Scan(batch, limit);
                    return new BsonDocument { { "batch", batch }, { "postBatchResumeToken", PostBatchResumeToken(batch) } };
                }
            }
        }
    }

    private void Scan(BsonArray batch, int limit)
    {
        var bytes = 0;
        while (batch.Count < limit && !_exhausted)
        {
            if (_pendingInvalidate is { } invalidating)
            {
                var invalidate = Invalidate(invalidating);
                batch.Add(invalidate);
                _invalidateToken = invalidate["_id"].AsBsonDocument;
                _pendingInvalidate = null;
                _exhausted = true;
                return;
            }

            var change = _store.ChangeLog.After(_position);
            if (change is null)
            {
                return;
            }

            if (change.Seq > _position + 1 && _position < _store.ChangeLog.LastTrimmedSeq)
            {
                throw HistoryLost();
            }

            if (!_scope.Includes(change) || (change.Expanded && !_options.ShowExpandedEvents))
            {
                _position = change.Seq;
                continue;
            }

            var shaped = Shape(change);
            if (shaped is not null)
            {
                var size = shaped.ToBson().Length;
                if (batch.Count > 0 && bytes + size > MaxBatchBytes)
                {
                    return;
                }

                bytes += size;
                batch.Add(shaped);
            }

            _position = change.Seq;
            if (_scope.Invalidates(change))
            {
                _pendingInvalidate = change;
            }
        }
    }

    private BsonDocument PostBatchResumeToken(BsonArray batch)
    {
        if (_invalidateToken is not null)
        {
            return _invalidateToken;
        }

        var at = _store.ChangeLog.Find(_position);
        var ts = at?.ClusterTime.Value ?? _store.Clock.Current.Value;
        return new ResumeToken(ts, _position, false).ToDocument();
    }

    private BsonDocument? Shape(ChangeEvent change)
    {
        var token = change.Token.ToDocument();
        var doc = new BsonDocument("_id", token);
        doc.AddRange(change.Body);
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
            doc["operationDescription"] = new BsonDocument("to", change.Body["to"]);
        }

        if (change.OperationType == "update")
        {
            switch (_options.FullDocument)
            {
                case "updateLookup":
                    var c = _store.TryGetCollection(change.Database, change.Collection!);
                    doc["fullDocument"] = c is not null && c.TryFindById(change.Body["documentKey"]["_id"], out _, out var current) ? current : BsonNull.Value;
                    break;
                case "whenAvailable":
                    doc["fullDocument"] = (BsonValue?)change.PostImage ?? BsonNull.Value;
                    break;
                case "required":
                    doc["fullDocument"] = change.PostImage ?? throw new MongoErrorException(ChangeStreamErrors.NoMatchingDocument, "NoMatchingDocument", $"Change stream was configured to require a post-image for all update, delete and replace events, but the post-image was not found for event: {token.ToJson()}");
                    break;
            }
        }

        if (change.OperationType is "update" or "replace" or "delete")
        {
            switch (_options.FullDocumentBeforeChange)
            {
                case "whenAvailable":
                    doc["fullDocumentBeforeChange"] = (BsonValue?)change.PreImage ?? BsonNull.Value;
                    break;
                case "required":
                    doc["fullDocumentBeforeChange"] = change.PreImage ?? throw new MongoErrorException(ChangeStreamErrors.NoMatchingDocument, "NoMatchingDocument", $"Change stream was configured to require a pre-image for all update, delete and replace events, but the pre-image was not found for event: {token.ToJson()}");
                    break;
            }
        }

        IEnumerable<BsonDocument> docs = [doc];
        foreach (var stage in _stages)
        {
            docs = Stages.Apply(docs, stage, null);
        }

        var result = docs.SingleOrDefault();
        if (result is not null && (!result.TryGetValue("_id", out var id) || !id.Equals(token)))
        {
            throw new MongoErrorException(280, "ChangeStreamFatalError", "Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point. Only transformations that retain the unmodified _id field are allowed.", ["NonResumableChangeStreamError"]);
        }

        return result;
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
