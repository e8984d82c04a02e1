using MongoDB.Bson;
using PushGateway.Query.Bson;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// One committed change as retained in the change log and journal. <see cref="Body"/> is the event
/// as streamed (without <c>_id</c> and the options-dependent fields); <see cref="Apply"/> holds what a
/// replay needs to redo the change.
/// </summary>
internal sealed class ChangeEvent
{
    public required long Seq { get; init; }

    public required BsonTimestamp ClusterTime { get; init; }

    public required DateTime WallTime { get; init; }

    public required string OperationType { get; init; }

    public required string Database { get; init; }

    public string? Collection { get; init; }

    public Guid? CollectionUuid { get; init; }

    /// <summary>True for create/createIndexes/dropIndexes/modify: streamed only with showExpandedEvents.</summary>
    public bool Expanded { get; init; }

    /// <summary>
    /// The event as streamed, built on first use from the fields above and <see cref="Fields"/>: a write only records
    /// its parts, and a change nobody streams or journals never builds it. Immutable once built (shared by streams).
    /// </summary>
    public BsonDocument Body
    {
        get
        {
            if (_body is { } built)
            {
                return built;
            }

            Interlocked.CompareExchange(ref _body, BuildBody(), null);
            return _body;
        }

        init => _body = value;
    }

    /// <summary>The body if something has built it, else null (building it is left to whoever streams the event).</summary>
    public BsonDocument? BuiltBody => _body;

    /// <summary>The operation's own fields (<c>fullDocument</c>, <c>documentKey</c>, <c>updateDescription</c>, ...), in order.</summary>
    public BsonDocument? Fields { get; init; }

    /// <summary>The transaction's <c>lsid</c> and <c>txnNumber</c> for a change committed by one.</summary>
    public (BsonValue Lsid, BsonValue TxnNumber)? Transaction { get; init; }

    private BsonDocument? _body;

    public BsonDocument? PreImage { get; init; }

    public BsonDocument? PostImage { get; init; }

    public BsonDocument? Apply { get; init; }

    public ResumeToken Token => new(ClusterTime.Value, Seq, false);

    /// <summary>Approximate streamed size in bytes, computed once and shared by every stream (for the 16 MB batch limit).</summary>
    public int ApproximateSize => _size ??= Storage.BsonSize.Of(Body) + (PreImage is null ? 0 : Storage.BsonSize.Of(PreImage)) + (PostImage is null ? 0 : Storage.BsonSize.Of(PostImage)) + 64;

    private int? _size;

    private BsonDocument BuildBody()
    {
        var ns = Collection is null
            ? ExactDocuments.Create([new("db", Database)])
            : ExactDocuments.Create([new("db", Database), new("coll", Collection)]);
        // Built at its exact size (adding the fields one by one grew the list twice and built a name dictionary).
        var builder = default(ExactDocuments.Builder);
        builder.Add("operationType", OperationType);
        builder.Add("clusterTime", ClusterTime);
        builder.Add("wallTime", new BsonDateTime(WallTime));
        builder.Add("ns", ns);
        if (Fields is not null)
        {
            for (var i = 0; i < Fields.ElementCount; i++)
            {
                var field = Fields.GetElement(i);
                builder.Add(field.Name, field.Value, allowDuplicateNames: false);
            }
        }

        var body = builder.ToDocument(allowDuplicateNames: false);
        if (Transaction is { } txn)
        {
            ExactDocuments.Set(body, "lsid", txn.Lsid);
            ExactDocuments.Set(body, "txnNumber", txn.TxnNumber);
        }

        return body;
    }

    public BsonDocument ToRecord()
    {
        var record = new BsonDocument
        {
            { "seq", Seq },
            { "ts", ClusterTime },
            { "wall", WallTime },
            { "op", OperationType },
            { "db", Database },
            { "coll", (BsonValue?)Collection ?? BsonNull.Value },
            { "expanded", Expanded },
            { "body", Body },
        };
        if (CollectionUuid is { } uuid)
        {
            record["uuid"] = new BsonBinaryData(uuid, GuidRepresentation.Standard);
        }

        if (PreImage is not null)
        {
            record["pre"] = PreImage;
        }

        if (PostImage is not null)
        {
            record["post"] = PostImage;
        }

        if (Apply is not null)
        {
            record["apply"] = Apply;
        }

        return record;
    }

    public static ChangeEvent FromRecord(BsonDocument record) => new()
    {
        Seq = record["seq"].ToInt64(),
        ClusterTime = record["ts"].AsBsonTimestamp,
        WallTime = record["wall"].ToUniversalTime(),
        OperationType = record["op"].AsString,
        Database = record["db"].AsString,
        Collection = record["coll"].IsBsonNull ? null : record["coll"].AsString,
        CollectionUuid = record.TryGetValue("uuid", out var u) ? u.AsBsonBinaryData.ToGuid(GuidRepresentation.Standard) : null,
        Expanded = record["expanded"].ToBoolean(),
        Body = record["body"].AsBsonDocument,
        PreImage = record.TryGetValue("pre", out var pre) ? pre.AsBsonDocument : null,
        PostImage = record.TryGetValue("post", out var post) ? post.AsBsonDocument : null,
        Apply = record.TryGetValue("apply", out var apply) ? apply.AsBsonDocument : null,
    };
}
