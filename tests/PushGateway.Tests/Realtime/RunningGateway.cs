using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.ChangeStreams;
using PushGateway.Testing;

namespace PushGateway.Tests.Realtime;

/// <summary>
/// The real gateway on Kestrel at a loopback port (for SignalR WebSockets, browsers and separate processes), watching
/// the given collections of the test run's MongoDB.
/// </summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    private readonly GatewayFactory _root;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly List<HubConnection> _connections = [];

    private RunningGateway(GatewayFactory root, WebApplicationFactory<Program> factory, IReadOnlyList<string> collections)
    {
        _root = root;
        _factory = factory;
        Collections = collections;
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    public Uri BaseAddress { get; }

    public Uri HubUrl => new(BaseAddress, "/hubs/changes");

    public IReadOnlyList<string> Collections { get; }

    public IServiceProvider Services => _factory.Services;

    public TestTokens Tokens => _root.Tokens;

    /// <summary>The gateway's own database (checkpoints live here).</summary>
    public string Database => _root.Settings.TryGetValue("Mongo:Database", out var db) ? db! : _root.Database;

    /// <summary>Starts a gateway watching <paramref name="collections"/> (<c>db.coll</c>) and waits until every cursor is open.</summary>
    public static async Task<RunningGateway> StartAsync(
        MongoTarget mongo,
        IReadOnlyList<string> collections,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string environment = "Testing")
    {
        var root = new GatewayFactory(mongo);
        for (var i = 0; i < collections.Count; i++)
        {
            var dot = collections[i].IndexOf('.', StringComparison.Ordinal);
            root.Settings[$"Gateway:Watch:{i}:Database"] = collections[i][..dot];
            root.Settings[$"Gateway:Watch:{i}:Collection"] = collections[i][(dot + 1)..];
        }

        root.Settings["Gateway:MaxAwaitMilliseconds"] = "100";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            root.Settings[key] = value;
        }

        var factory = root.WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.ConfigureServices((context, _) => UseRepositoryWebRoot(context.HostingEnvironment));
            if (services is not null)
            {
                b.ConfigureServices(services);
            }
        });
        // Not UseKestrel(0): on a WithWebHostBuilder factory the port is read from the root factory, which has none, so
        // Kestrel fell back to localhost:5000 and parallel test runs collided. An explicit listener binds a free port.
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var gateway = new RunningGateway(root, StartServer(factory), collections);
        await gateway.WaitUntilWatchingAsync();
        return gateway;
    }

    /// <summary>A started, not yet subscribed hub connection over WebSockets for <paramref name="tenant"/>.</summary>
    public async Task<HubConnection> ConnectAsync(string? tenant, bool admin = false, string? token = null)
    {
        var connection = Build(token ?? Tokens.Create(tenant, admin: admin));
        await connection.StartAsync();
        return connection;
    }

    public HubConnection Build(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(HubUrl, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    public IMongoCollection<BsonDocument> Collection(MongoTarget mongo, string ns)
    {
        var dot = ns.IndexOf('.', StringComparison.Ordinal);
        return mongo.CreateClient().GetDatabase(ns[..dot]).GetCollection<BsonDocument>(ns[(dot + 1)..]);
    }

    public async ValueTask DisposeAsync()
    {
        List<HubConnection> connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }

    /// <summary>
    /// The gateway finds the dashboard (wwwroot/) by walking up from the working directory or its binaries; test builds with
    /// <c>--artifacts-path</c> outside the repository have neither inside it, so point it at the repository's wwwroot.
    /// </summary>
    private static void UseRepositoryWebRoot(IWebHostEnvironment environment, [CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            var webRoot = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(dir.FullName, "PushGateway.sln")) && Directory.Exists(webRoot))
            {
                environment.WebRootPath = webRoot;
                environment.WebRootFileProvider = new PhysicalFileProvider(webRoot);
                return;
            }
        }
    }

    private static WebApplicationFactory<Program> StartServer(WebApplicationFactory<Program> factory)
    {
        factory.StartServer();
        return factory;
    }

    private async Task WaitUntilWatchingAsync()
    {
        var status = Services.GetRequiredService<ChangeStreamStatus>();
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        status.StreamOpened += _ =>
        {
            if (status.OpenCursors >= Collections.Count)
            {
                opened.TrySetResult();
            }
        };
        // The cursor flag is set just before the event; re-check in case every stream opened before we listened.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (status.OpenCursors < Collections.Count)
        {
            await Task.WhenAny(opened.Task, Task.Delay(50, timeout.Token));
            timeout.Token.ThrowIfCancellationRequested();
        }
    }
}
