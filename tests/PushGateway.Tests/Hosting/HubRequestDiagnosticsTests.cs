using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PushGateway.Testing;

namespace PushGateway.Tests.Hosting;

/// <summary>
/// REST log lines keep the request's trace id and request id (hosting's activity and log scope); hub transport requests,
/// which last as long as their connection, get neither.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HubRequestDiagnosticsTests(MongoTarget mongo) : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new(mongo);

    [Fact]
    public async Task RefusedToken_RestLineCarriesTraceIdAndRequestId_HubTransportLineDoesNot()
    {
        var logs = new ScopeCollector();
        await using var factory = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.jwt");

        using var rest = await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        using var hub = await client.GetAsync(new Uri("/hubs/changes", UriKind.Relative));

        var restLine = Assert.Single(logs.Lines, l => l.Message.Contains("refused on /api/auth/me", StringComparison.Ordinal));
        Assert.Contains("TraceId", restLine.ScopeKeys);
        Assert.Contains("RequestId", restLine.ScopeKeys);
        var hubLine = Assert.Single(logs.Lines, l => l.Message.Contains("refused on /hubs/changes", StringComparison.Ordinal));
        Assert.DoesNotContain("TraceId", hubLine.ScopeKeys);
        Assert.DoesNotContain("RequestId", hubLine.ScopeKeys);
    }

    [Fact]
    public void Startup_OpenTelemetryErrorTypeFilter_IsWrappedSoHubRequestsSkipIt()
    {
        // The filter is found by its type name (internal to OpenTelemetry.Instrumentation.AspNetCore): a package update
        // that renames it must fail here rather than silently give every hub connection its suspended frame back.
        var filters = _factory.Services.GetServices<Microsoft.AspNetCore.Hosting.IStartupFilter>().ToList();

        Assert.Contains(filters, f => f is PushGateway.Observability.ShortRequestsStartupFilter);
        Assert.DoesNotContain(filters, f => f.GetType().Name == PushGateway.Observability.ShortRequestsStartupFilter.ErrorTypeFilterName);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>Keeps each log line with the keys of the scopes it was written in.</summary>
    private sealed class ScopeCollector : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<(string Message, HashSet<string> ScopeKeys)> _lines = new();
        private IExternalScopeProvider? _scopes;

        public IReadOnlyList<(string Message, HashSet<string> ScopeKeys)> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCollector owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                owner._scopes?.ForEachScope(
                    (scope, found) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var pair in pairs)
                            {
                                found.Add(pair.Key);
                            }
                        }
                    },
                    keys);
                owner._lines.Enqueue((formatter(state, exception), keys));
            }
        }
    }
}
