using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver.Core.Events;

namespace PushGateway.Webhooks.Benchmarks;

/// <summary>
/// Counts the gateway's MongoDB commands (round trips) and the documents they write, from the driver's
/// command-started events: a backend-independent cost per delivery (the same commands go to a real replica set).
/// </summary>
internal sealed class CommandCounter
{
    private readonly ConcurrentDictionary<string, long> _commands = new(StringComparer.Ordinal);
    private long _writes;

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

    public (long Commands, long Writes, IReadOnlyDictionary<string, long> ByCommand) Snapshot() =>
        (_commands.Values.Sum(), Interlocked.Read(ref _writes), new Dictionary<string, long>(_commands, StringComparer.Ordinal));

    private static int Count(BsonDocument command, string field) =>
        command.TryGetValue(field, out var value) && value.IsBsonArray ? value.AsBsonArray.Count : 0;
}
