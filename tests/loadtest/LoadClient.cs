using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace PushGateway.LoadTest;

/// <summary>One SignalR client over WebSockets; records write-to-receive latency of every change it gets.</summary>
internal sealed class LoadClient(LoadTestOptions options, string tenant) : IAsyncDisposable
{
    private readonly List<double> _latenciesMs = new(1024);
    private HubConnection? _connection;

    public string Tenant { get; } = tenant;

    public int Received { get; private set; }

    public bool Closed { get; private set; }

    public IReadOnlyList<double> LatenciesMs => _latenciesMs;

    /// <summary>Ends a phase: returns its latencies and starts a new list (call once no message is in flight).</summary>
    public List<double> TakeLatencies()
    {
        lock (_latenciesMs)
        {
            var taken = new List<double>(_latenciesMs);
            _latenciesMs.Clear();
            return taken;
        }
    }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var token = Jwt.Create(options, Tenant, TimeSpan.FromHours(2));
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(options.Gateway, options.TokenInQuery ? "/hubs/changes?access_token=" + token : "/hubs/changes"), o =>
            {
                if (!options.TokenInQuery)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        _connection.ServerTimeout = TimeSpan.FromSeconds(60);
        _connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
                _connection.On<JsonElement>("change", OnChange);
        _connection.Closed += _ =>
        {
            Closed = true;
            return Task.CompletedTask;
        };
        await _connection.StartAsync(cancellationToken);
        await _connection.InvokeAsync<JsonElement>("Subscribe", new { collection = options.Collection }, cancellationToken);
    }

    public ValueTask DisposeAsync() => _connection?.DisposeAsync() ?? ValueTask.CompletedTask;

    private void OnChange(JsonElement change)
    {
        var now = DateTime.UtcNow.Ticks;
        Received++;
        if (change.TryGetProperty("fullDocument", out var doc) && doc.TryGetProperty("sentAt", out var sentAt))
        {
            lock (_latenciesMs)
            {
                _latenciesMs.Add((now - sentAt.GetInt64()) / (double)TimeSpan.TicksPerMillisecond);
            }
        }
    }
}
