using System.Collections.Concurrent;

namespace PushGateway.Realtime;

/// <summary>The open hub connections, by connection id.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, RealtimeConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public IEnumerable<RealtimeConnection> All => _connections.Values;

    public void Add(RealtimeConnection connection) => _connections[connection.ConnectionId] = connection;

    public RealtimeConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public RealtimeConnection? Remove(string connectionId) => _connections.TryRemove(connectionId, out var c) ? c : null;
}
