using System.Collections.Concurrent;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Diagnostics;

/// <summary>
/// Commands in flight (for <c>$currentOp</c>/<c>currentOp</c>) and per-namespace latency totals (for
/// <c>$collStats.latencyStats</c>). Lock-free; every command passes through <see cref="Begin"/> and <see cref="End"/>.
/// </summary>
internal sealed class OperationRegistry(TimeProvider timeProvider)
{
    public const int Reads = 0;
    public const int Writes = 1;
    public const int Commands = 2;
    public const int Transactions = 3;

    private readonly ConcurrentDictionary<long, ActiveOperation> _active = new();
    private readonly ConcurrentDictionary<string, LatencyStats> _latency = new(StringComparer.Ordinal);
    private long _nextOpId;

    public IEnumerable<ActiveOperation> Active => _active.Values.OrderBy(o => o.OpId);

    public TimeProvider TimeProvider => timeProvider;

    public ActiveOperation Begin(ConnectionInfo connection, string database, string name, BsonDocument command)
    {
        var op = new ActiveOperation
        {
            OpId = Interlocked.Increment(ref _nextOpId),
            ConnectionId = connection.Id,
            Client = connection.HostAndPort,
            AppName = connection.AppName,
            Namespace = NamespaceOf(database, name, command),
            CommandName = name,
            Kind = KindOf(name),
            Command = command,
            StartedAt = timeProvider.GetUtcNow().UtcDateTime,
            StartedTimestamp = timeProvider.GetTimestamp(),
        };
        _active[op.OpId] = op;
        return op;
    }

    public void End(ActiveOperation op)
    {
        _active.TryRemove(op.OpId, out _);
        if (op.Namespace.Contains(".$cmd", StringComparison.Ordinal))
        {
            return;
        }

        var micros = (long)timeProvider.GetElapsedTime(op.StartedTimestamp).TotalMicroseconds;
        var kind = op.CommandName switch
        {
            "find" or "aggregate" or "count" or "distinct" or "getMore" => Reads,
            "insert" or "update" or "delete" or "findAndModify" or "findandmodify" => Writes,
            _ => Commands,
        };
        _latency.GetOrAdd(op.Namespace, _ => new LatencyStats()).Record(kind, micros);
    }

    public LatencyStats LatencyOf(string ns) => _latency.GetOrAdd(ns, _ => new LatencyStats());

    private static string NamespaceOf(string database, string name, BsonDocument command)
    {
        if (name == "getMore" && command.GetValue("collection", BsonNull.Value) is BsonString coll)
        {
            return $"{database}.{coll.Value}";
        }

        return command.ElementCount > 0 && command[0] is BsonString target && target.Value.Length > 0 && name is not ("explain" or "killCursors" or "listCollections" or "createUser")
            ? $"{database}.{target.Value}"
            : $"{database}.$cmd";
    }

    private static string KindOf(string name) => name switch
    {
        "find" => "query",
        "insert" => "insert",
        "update" => "update",
        "delete" => "remove",
        "getMore" => "getmore",
        _ => "command",
    };
}
