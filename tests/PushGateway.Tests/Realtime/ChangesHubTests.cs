using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using PushGateway.Realtime;
using PushGateway.Testing;

namespace PushGateway.Tests.Realtime;

/// <summary>The hub contract: subscribe validation, per-subscription options, recovery, token expiry and slow consumers.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ChangesHubTests(MongoTarget mongo)
{
    private readonly string _ns = $"{MongoTarget.NewDatabaseName("rt")}.orders";

    [Fact]
    public async Task Subscribe_SqlSyntaxError_HubExceptionWithLineAndColumn()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, filter = "fullDocument.total >" }));

        Assert.Contains("Invalid filter at line 1, column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_UnwatchedCollection_HubExceptionNamingIt()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = "other.secrets" }));

        Assert.Contains("'other.secrets' is not watched", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_CollectionNotInTokenPermissions_HubException()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var token = gateway.Tokens.Create("t1", extraClaims: [new Claim("collections", "shop.*")]);
        var connection = await gateway.ConnectAsync("t1", token: token);

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns }));

        Assert.Contains("does not permit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_NoToken_IsRefused()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = gateway.Build("");

        await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task Change_FieldsAndNoFullDocument_PayloadIsTrimmed()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var projected = await gateway.ConnectAsync("t1");
        var bare = await gateway.ConnectAsync("t1");
        var projectedRecorder = new ChangeRecorder(projected);
        var bareRecorder = new ChangeRecorder(bare);
        await projected.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, fields = new[] { "name" } });
        await bare.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, fullDocument = false });

        await gateway.Collection(mongo, _ns).InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "o1" }, { "secret", "s" }, { "total", 5 } });
        await projectedRecorder.WaitForChangesAsync(1);
        await bareRecorder.WaitForChangesAsync(1);

        var doc = projectedRecorder.Changes[0].GetProperty("fullDocument");
        Assert.Equal(["_id", "name"], doc.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(bareRecorder.Changes[0].TryGetProperty("fullDocument", out _));
        Assert.Equal("insert", bareRecorder.Changes[0].GetProperty("operationType").GetString());
    }

    [Theory]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Change_ServerSentEventsOrLongPolling_ArrivesInOrder(HttpTransportType transport)
    {
        // Hub transport requests run a slimmer pipeline and drop their headers once connected: every transport must still work.
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var token = gateway.Tokens.Create("t1");
        await using var connection = new HubConnectionBuilder()
            .WithUrl(gateway.HubUrl, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = transport;
            })
            .Build();
        var recorder = new ChangeRecorder(connection);
        await connection.StartAsync();
        await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });

        var orders = gateway.Collection(mongo, _ns);
        await orders.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "o1" } });
        await orders.InsertOneAsync(new BsonDocument { { "tenantId", "t2" }, { "name", "other" } });
        await orders.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "o2" } });
        await recorder.WaitForChangesAsync(2);

        Assert.Equal(["o1", "o2"], recorder.Changes.Select(c => c.GetProperty("fullDocument").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Subscribe_ResumeFromEarlierEvent_ReplaysMissedEventsAndRecovers()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var first = await gateway.ConnectAsync("t1");
        var recorder = new ChangeRecorder(first);
        await first.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "a" } });
        await recorder.WaitForNameAsync("a");
        var lastSeen = recorder.Changes[^1].GetProperty("eventId").GetString();
        await first.StopAsync();

        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "b" } });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t2" }, { "name", "other-tenant" } });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "c" } });
        var watcher = await gateway.ConnectAsync("t1", admin: true);
        var all = new ChangeRecorder(watcher);
        await watcher.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, resumeFrom = lastSeen });
        await all.WaitForNameAsync("c");

        var second = await gateway.ConnectAsync("t1");
        var resumed = new ChangeRecorder(second);
        var result = await second.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, resumeFrom = lastSeen });
        await resumed.WaitForNameAsync("c");

        Assert.True(result.Recovered);
        Assert.Equal(["b", "c"], resumed.Names);
    }

    [Fact]
    public async Task Subscribe_ResumeFromPositionOfQuietSubscription_RecoversWithMissedMatches()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var collection = gateway.Collection(mongo, _ns);
        var first = await gateway.ConnectAsync("t1");
        var quiet = await first.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, filter = "fullDocument.name = 'wanted'" });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "not-wanted" } });
        await first.StopAsync();
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "wanted" } });
        var watcher = await gateway.ConnectAsync("t1");
        var all = new ChangeRecorder(watcher);
        await watcher.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, resumeFrom = quiet.Position });
        await all.WaitForNameAsync("wanted");

        var second = await gateway.ConnectAsync("t1");
        var resumed = new ChangeRecorder(second);
        var result = await second.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, filter = "fullDocument.name = 'wanted'", resumeFrom = quiet.Position });
        await resumed.WaitForNameAsync("wanted");
        var again = await second.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, resumeFrom = result.Position });

        Assert.False(string.IsNullOrEmpty(quiet.Position));
        Assert.True(result.Recovered);
        Assert.Equal(["wanted"], resumed.Names);
        Assert.True(again.Recovered);
        Assert.Equal(result.Position, again.Position);
    }

    [Fact]
    public async Task Unsubscribe_ThenDisconnect_NoMoreEventsAndGroupsReleased()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");
        var recorder = new ChangeRecorder(connection);
        var all = await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
        await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, filter = "fullDocument.name = 'last'" });
        var fanout = gateway.Services.GetRequiredService<RealtimeFanout>();

        var removed = await connection.InvokeAsync<bool>("Unsubscribe", all.SubscriptionId);
        var unknown = await connection.InvokeAsync<bool>("Unsubscribe", "sub_unknown");
        var collection = gateway.Collection(mongo, _ns);
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "not-wanted" } });
        await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", "last" } });
        await recorder.WaitForNameAsync("last");
        var groupsWhileConnected = fanout.GroupCount;
        await connection.StopAsync();
        // The server runs OnDisconnectedAsync after the client has gone: wait (bounded) for it to release the group.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (fanout.GroupCount > 0 && !deadline.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        Assert.True(removed);
        Assert.False(unknown);
        Assert.Equal(["last"], recorder.Names);
        Assert.Equal(1, groupsWhileConnected);
        Assert.Equal(0, fanout.GroupCount);
    }

    [Fact]
    public async Task Subscribe_ResumeFromUnknownEvent_NotRecovered()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns]);
        var connection = await gateway.ConnectAsync("t1");

        var result = await connection.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns, resumeFrom = "0000" });

        Assert.False(result.Recovered);
    }

    [Fact]
    public async Task Connection_TokenExpires_ConnectionIsClosed()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], new Dictionary<string, string?> { ["Auth:ClockSkewSeconds"] = "0" });
        var token = gateway.Tokens.Create("t1", expires: DateTimeOffset.UtcNow.AddSeconds(3));
        var connection = await gateway.ConnectAsync("t1", token: token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task Change_OneClientStopsReading_OthersGetEverythingAndItIsToldWhatWasDropped()
    {
        await using var gateway = await RunningGateway.StartAsync(mongo, [_ns], new Dictionary<string, string?> { ["Realtime:QueueCapacity"] = "32" });
        using var stalled = await StalledClientAsync(gateway);
        var fast = await gateway.ConnectAsync("t1");
        var recorder = new ChangeRecorder(fast);
        await fast.InvokeAsync<SubscribeResult>("Subscribe", new { collection = _ns });
        var collection = gateway.Collection(mongo, _ns);
        var padding = new string('x', 128 * 1024);

        // ~26 MB to the stalled socket: more than the socket and pipe buffers hold, so its queue must overflow.
        const int Count = 200;
        for (var i = 0; i < Count; i++)
        {
            await collection.InsertOneAsync(new BsonDocument { { "tenantId", "t1" }, { "name", $"e{i}" }, { "padding", padding } });
            if (i % 16 == 15)
            {
                // The healthy client keeps up (its queue never holds more than a burst of 16) while the stalled one falls behind.
                await recorder.WaitForChangesAsync(i + 1);
            }
        }

        await recorder.WaitForChangesAsync(Count, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"e{i}"), recorder.Names);

        var received = await ReadUntilOverflowAsync(stalled);
        Assert.Contains("\"target\":\"overflow\",\"arguments\":[{\"dropped\":", received, StringComparison.Ordinal);
    }

    /// <summary>A raw WebSocket SignalR client that subscribes and then stops reading, like a frozen browser tab.</summary>
    private async Task<ClientWebSocket> StalledClientAsync(RunningGateway gateway)
    {
        var socket = new ClientWebSocket();
        var token = gateway.Tokens.Create("t1");
        var uri = new UriBuilder(gateway.HubUrl) { Scheme = "ws", Query = $"access_token={token}" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}\u001e");
        await SendAsync(socket, $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[{{\"collection\":\"{_ns}\"}}]}}\u001e");
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\"invocationId\":\"1\"", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        return socket;
    }

    private static async Task<string> ReadUntilOverflowAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!text.ToString().Contains("\"target\":\"overflow\"", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            // Drop the padding so the text stays small; a message may span several receives.
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count).Replace("x", "", StringComparison.Ordinal));
        }

        return text.ToString();
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
}
