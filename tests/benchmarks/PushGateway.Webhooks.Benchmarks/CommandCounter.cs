using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver.Core.Events;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// Counts the gateway's MongoDB commands (round trips), their write statements, and the documents they wrote (from the
/// replies' <c>n</c>/<c>nModified</c>), from the driver's command events: backend-independent costs per delivery (the
/// same commands go to a real replica set).
/// </summary>
internal sealed class CommandCounter
{
    private readonly ConcurrentDictionary<string, long> _commands = new(StringComparer.Ordinal);
    private long _writes;
    private long _documents;

    public void OnStarted(CommandStartedEvent e)
    {
        var collection = e.Command.ElementCount > 0 && e.Command[0].IsString ? e.Command[0].AsString : "";
        _commands.AddOrUpdate($"{e.CommandName}:{collection}", 1, (_, n) => n + 1);
        var statements = e.CommandName switch
        {
            "insert" => Count(e.Command, "documents"),
            "update" => Count(e.Command, "updates"),
            "delete" => Count(e.Command, "deletes"),
            "findAndModify" => 1,
            _ => 0,
        };
        Interlocked.Add(ref _writes, statements);
    }

    public void OnSucceeded(CommandSucceededEvent e)
    {
        var reply = e.Reply;
        var written = e.CommandName switch
        {
            "insert" or "delete" => reply.GetValue("n", 0).ToInt64(),
            "update" => reply.GetValue("nModified", 0).ToInt64() + (reply.TryGetValue("upserted", out var u) && u.IsBsonArray ? u.AsBsonArray.Count : 0),
            "findAndModify" => reply.TryGetValue("lastErrorObject", out var l) && l.IsBsonDocument ? l["n"].ToInt64() : 0,
            _ => 0,
        };
        Interlocked.Add(ref _documents, written);
    }

    public (long Commands, long Writes, long Documents, IReadOnlyDictionary<string, long> ByCommand) Snapshot() =>
        (_commands.Values.Sum(), Interlocked.Read(ref _writes), Interlocked.Read(ref _documents), new Dictionary<string, long>(_commands, StringComparer.Ordinal));

    private static int Count(BsonDocument command, string field) =>
        command.TryGetValue(field, out var value) && value.IsBsonArray ? value.AsBsonArray.Count : 0;
}
