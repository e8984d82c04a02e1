using Microsoft.Extensions.Logging;
using PushGateway.EmbeddedMongo.Cursors;
using PushGateway.EmbeddedMongo.Diagnostics;
using PushGateway.EmbeddedMongo.FailPoints;
using PushGateway.EmbeddedMongo.Sessions;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo;

/// <summary>Everything a command handler can reach: storage, cursors, sessions, fail points, counters.</summary>
internal sealed class ServerContext(EmbeddedMongoOptions options, Store store, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    private long _connectionsTotal;
    private int _connectionsCurrent;

    public EmbeddedMongoOptions Options { get; } = options;

    public Store Store { get; } = store;

    public ClusterClock Clock => Store.Clock;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public CursorRegistry Cursors { get; } = new(timeProvider);

    public RetryCache RetryCache { get; } = new();

    public StatementLog StatementLog { get; } = new();

    public FailPointRegistry FailPoints { get; } = new();

    /// <summary>The <c>changeStreamOptions</c> cluster parameter: how long pre- and post-images are kept.</summary>
    public ChangeStreams.PreImageRetention PreImageRetention { get; } = new(timeProvider);

    public OperationRegistry Operations { get; } = new(timeProvider);

    public TransactionRegistry Transactions { get; } = new(store, timeProvider, loggerFactory.CreateLogger("PushGateway.EmbeddedMongo.Transactions"))
    {
        LifetimeLimit = options.TransactionLifetimeLimit,
    };

    public DateTime StartedAt { get; } = timeProvider.GetUtcNow().UtcDateTime;

    public int Port { get; set; }

    public int ConnectionsCurrent => Volatile.Read(ref _connectionsCurrent);

    public long ConnectionsTotal => Interlocked.Read(ref _connectionsTotal);

    public long OnConnectionOpened()
    {
        Interlocked.Increment(ref _connectionsCurrent);
        return Interlocked.Increment(ref _connectionsTotal);
    }

    public void OnConnectionClosed() => Interlocked.Decrement(ref _connectionsCurrent);
}
