using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PushGateway.EmbeddedMongo.ChangeStreams;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Durability;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.EmbeddedMongo.Wire;

namespace PushGateway.EmbeddedMongo;

/// <summary>
/// A MongoDB-compatible development and test server speaking the wire protocol on a TCP port.
/// Not a production database.
/// </summary>
public sealed class EmbeddedMongoServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ServerContext _context;
    private readonly CommandDispatcher _dispatcher;
    private readonly DataDirectory? _data;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, MongoConnection> _connections = new();
    private readonly string _host;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    private EmbeddedMongoServer(TcpListener listener, ServerContext context, DataDirectory? data, ILogger logger, string host)
    {
        _listener = listener;
        _context = context;
        _data = data;
        _logger = logger;
        _host = host;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        context.Port = Port;
        ConnectionString = $"mongodb://{host}:{Port}/?directConnection=true";
        _dispatcher = new CommandDispatcher(context, CommandTable.Create());
    }

    /// <summary>The port actually listened on (resolved when <see cref="EmbeddedMongoOptions.Port"/> is 0).</summary>
    public int Port { get; }

    /// <summary>A connection string any MongoDB driver can use.</summary>
    public string ConnectionString { get; }

    /// <summary>Binds the listener and starts accepting connections.</summary>
    public static Task<EmbeddedMongoServer> StartAsync(
        EmbeddedMongoOptions options,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(options, loggerFactory, TimeProvider.System, cancellationToken);

    /// <summary>Binds the listener and starts accepting connections, reading time from <paramref name="timeProvider"/>.</summary>
    public static Task<EmbeddedMongoServer> StartAsync(
        EmbeddedMongoOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TransactionLifetimeLimit, TimeSpan.FromSeconds(1), nameof(options.TransactionLifetimeLimit));
        cancellationToken.ThrowIfCancellationRequested();
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<EmbeddedMongoServer>();
        var clock = new ClusterClock(timeProvider);
        var store = new Store(clock, new ChangeLog(options.ChangeLogMaxEvents, options.ChangeLogMaxAge, timeProvider));
        DataDirectory? data = null;
        if (!string.IsNullOrWhiteSpace(options.DataPath))
        {
            data = DataDirectory.Open(options.DataPath, options.JournalCompactionBytes, store, logger);
        }

        var address = IPAddress.Parse(options.Bind);
        var listener = new TcpListener(address, options.Port);
        listener.Start(512);
        var host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : options.Bind;
        var context = new ServerContext(options, store, loggerFactory, timeProvider);
        var server = new EmbeddedMongoServer(listener, context, data, logger, host);
        server._acceptLoop = server.AcceptLoopAsync();
        Log.Listening(logger, server.ConnectionString);
        return Task.FromResult(server);
    }

    /// <summary>Stops accepting connections, closes open ones and flushes the journal.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        foreach (var connection in _connections.Values)
        {
            connection.Abort();
        }

        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // Expected on stop.
        }

        lock (_context.Store.Sync)
        {
            _data?.Close(_context.Store);
        }

        _context.Cursors.Clear();
        Log.Stopped(_logger);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            var id = _context.OnConnectionOpened();
            var local = (IPEndPoint)socket.LocalEndPoint!;
            var hostAndPort = _host == "127.0.0.1" && !local.Address.Equals(IPAddress.Loopback) && !local.Address.Equals(IPAddress.IPv6Loopback)
                ? $"{local.Address}:{Port}"
                : $"{_host}:{Port}";
            var connection = new MongoConnection(socket, _dispatcher, new ConnectionInfo(id, hostAndPort), _logger);
            _connections[id] = connection;
            _ = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync(token);
                }
                finally
                {
                    _connections.TryRemove(id, out _);
                    _context.OnConnectionClosed();
                }
            }, CancellationToken.None);
        }
    }
}
