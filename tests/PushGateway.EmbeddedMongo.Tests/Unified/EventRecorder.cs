using MongoDB.Bson;
using MongoDB.Driver.Core.Events;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// Collects a client entity's command-monitoring events, minus those the unified format says to ignore: commands the
/// test lists in <c>ignoreCommandMonitoringEvents</c>, the runner's own <c>configureFailPoint</c>, and sensitive
/// commands (handshakes and authentication).
/// </summary>
internal sealed class EventRecorder(IReadOnlySet<string> observed, IReadOnlySet<string> ignoredCommands)
{
    private static readonly HashSet<string> Sensitive = new(StringComparer.OrdinalIgnoreCase)
    {
        "hello", "isMaster", "saslStart", "saslContinue", "getnonce", "authenticate", "createUser", "updateUser",
        "copydbSaslStart", "copydbgetnonce", "copydb", "configureFailPoint",
    };

    private readonly List<RecordedEvent> _events = [];
    private bool _enabled = true;

    public IReadOnlyList<RecordedEvent> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    /// <summary>Stops recording: events after the test's operations (cleanup) are not the test's.</summary>
    public void Stop()
    {
        lock (_events)
        {
            _enabled = false;
        }
    }

    public void OnStarted(CommandStartedEvent e) =>
        Add("commandStartedEvent", e.CommandName, e.DatabaseNamespace.DatabaseName, (BsonDocument)e.Command.DeepClone(), null);

    public void OnSucceeded(CommandSucceededEvent e) =>
        Add("commandSucceededEvent", e.CommandName, e.DatabaseNamespace.DatabaseName, null, (BsonDocument?)e.Reply?.DeepClone());

    public void OnFailed(CommandFailedEvent e) =>
        Add("commandFailedEvent", e.CommandName, e.DatabaseNamespace.DatabaseName, null, null);

    private void Add(string type, string commandName, string databaseName, BsonDocument? command, BsonDocument? reply)
    {
        if (!observed.Contains(type) || ignoredCommands.Contains(commandName) || Sensitive.Contains(commandName))
        {
            return;
        }

        lock (_events)
        {
            if (_enabled)
            {
                _events.Add(new RecordedEvent(type, commandName, databaseName, command, reply));
            }
        }
    }
}
