using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>
/// Replies of retryable writes by (lsid, txnNumber): a driver that retries after a dropped socket
/// gets the first result instead of running the write twice. Bounded; oldest entries go first.
/// </summary>
internal sealed class RetryCache(int capacity = 100_000)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<(string Session, long TxnNumber), BsonDocument> _replies = [];
    private readonly Queue<(string, long)> _order = new();

    public static string? SessionKey(BsonDocument command) =>
        command.TryGetValue("lsid", out var lsid) && lsid is BsonDocument d && d.TryGetValue("id", out var id)
            ? Convert.ToHexString(id.AsBsonBinaryData.Bytes)
            : null;

    public bool TryGet(string session, long txnNumber, out BsonDocument? reply)
    {
        lock (_sync)
        {
            return _replies.TryGetValue((session, txnNumber), out reply);
        }
    }

    public void Store(string session, long txnNumber, BsonDocument reply)
    {
        lock (_sync)
        {
            if (_replies.TryAdd((session, txnNumber), reply))
            {
                _order.Enqueue((session, txnNumber));
                while (_order.Count > capacity)
                {
                    _replies.Remove(_order.Dequeue());
                }
            }
        }
    }

    public void ForgetSession(string session)
    {
        lock (_sync)
        {
            foreach (var key in _replies.Keys.Where(k => k.Session == session).ToList())
            {
                _replies.Remove(key);
            }
        }
    }
}
