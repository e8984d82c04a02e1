using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>
/// Results of the individual statements of retryable writes by (lsid, txnNumber, statement), so a
/// batch retried after its connection dropped mid-way re-executes only the statements that did not
/// commit (mongod's per-statement retry records). Bounded by transaction count.
/// </summary>
internal sealed class StatementLog(int capacity = 10_000)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<(string, long), Dictionary<int, BsonDocument>> _transactions = [];
    private readonly Queue<(string, long)> _order = new();

    public bool TryGet(string session, long txnNumber, int statement, out BsonDocument? result)
    {
        lock (_sync)
        {
            result = null;
            return _transactions.TryGetValue((session, txnNumber), out var statements) && statements.TryGetValue(statement, out result);
        }
    }

    /// <param name="statements">How many statements the write has, when known (0 otherwise): sizes its record once.</param>
    public void Record(string session, long txnNumber, int statement, BsonDocument result, int statements = 0)
    {
        lock (_sync)
        {
            if (!_transactions.TryGetValue((session, txnNumber), out var results))
            {
                results = new Dictionary<int, BsonDocument>(statements);
                _transactions[(session, txnNumber)] = results;
                _order.Enqueue((session, txnNumber));
                while (_order.Count > capacity)
                {
                    _transactions.Remove(_order.Dequeue());
                }
            }

            results[statement] = result;
        }
    }
}
