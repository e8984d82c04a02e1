using System.Net.Http.Headers;
using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.Tests.Webhooks;

/// <summary>
/// At-least-once across a crash: the gateway runs as its own process against the test's MongoDB (which outlives it),
/// is killed with SIGKILL while events stream in, and is started again. Every matching event must reach the receiver,
/// and any event delivered twice must carry the same <c>webhook-id</c> both times.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class WebhookCrashTests(MongoTarget mongo)
{
    private const int Events = 300;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task KillDashNine_MidStream_EveryMatchingEventDeliveredAtLeastOnceWithStableIds()
    {
        var dll = GatewayProcess.Locate();
        Skip.If(dll is null, "The built PushGateway.dll is not next to the test assembly.");
        await using var receiver = await RunningReceiver.StartAsync();
        var database = MongoTarget.NewDatabaseName("crash");
        var tokens = new TestTokens(GatewayFactory.SigningKey, GatewayFactory.Issuer, GatewayFactory.Audience);
        var environment = new Dictionary<string, string>
        {
            ["Mongo__ConnectionString"] = mongo.ConnectionString,
            ["Mongo__Database"] = MongoTarget.NewDatabaseName("gw"),
            ["Auth__SigningKey"] = GatewayFactory.SigningKey,
            ["Auth__Issuer"] = GatewayFactory.Issuer,
            ["Auth__Audience"] = GatewayFactory.Audience,
            ["Demo__Enabled"] = "false",
            ["Gateway__Watch__0__Database"] = database,
            ["Gateway__Watch__0__Collection"] = "orders",
            ["Gateway__MaxAwaitMilliseconds"] = "100",
            ["Webhooks__AllowedHosts__0"] = "127.0.0.1",
            ["Webhooks__PollInterval"] = "00:00:00.050",
            ["Webhooks__RequestTimeout"] = "00:00:02",
            ["Webhooks__LeaseDuration"] = "00:00:03",
            ["Webhooks__RetrySchedule__0"] = "00:00:00.200",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__PushGateway"] = "Information",
        };
        var orders = mongo.CreateClient().GetDatabase(database).GetCollection<BsonDocument>("orders");

        var first = GatewayProcess.Start(dll!, environment);
        GatewayProcess? second = null;
        try
        {
            Assert.True(await first.WaitReadyAsync(Wait), "the gateway did not become ready:\n" + first.OutputTail);
            using var api = new HttpClient { BaseAddress = first.BaseAddress };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Create("tenant-crash"));
            var (_, secret) = await api.SubscribeAsync(new
            {
                url = receiver.WebhookUrl,
                collections = new[] { $"{database}.orders" },
                filter = new Dictionary<string, object> { ["fullDocument.kind"] = "match" },
            });
            receiver.Trust(secret);

            // The stream is flowing once a probe written now is delivered.
            await orders.InsertOneAsync(new BsonDocument { { "_id", "probe" }, { "tenantId", "tenant-crash" }, { "kind", "match" } });
            Assert.True(await receiver.Inbox.WaitUntilAsync(i => i.UniqueCount >= 1, Wait), "the probe was not delivered:\n" + first.OutputTail);

            var expected = new HashSet<string> { "probe" };
            var deliveredAtKill = 0;
            for (var i = 0; i < Events; i++)
            {
                var match = i % 2 == 0;
                var id = $"order-{i:D4}";
                if (match)
                {
                    expected.Add(id);
                }

                await orders.InsertOneAsync(new BsonDocument { { "_id", id }, { "tenantId", "tenant-crash" }, { "kind", match ? "match" : "other" } });
                if (i == Events / 3)
                {
                    // Kill while events are being written and delivered.
                    await receiver.Inbox.WaitUntilAsync(x => x.UniqueCount >= 10, Wait);
                    await first.KillAsync();
                    deliveredAtKill = receiver.Inbox.UniqueCount;
                }
            }

            second = GatewayProcess.Start(dll!, environment);
            Assert.True(await second.WaitReadyAsync(Wait), "the restarted gateway did not become ready:\n" + second.OutputTail);

            var delivered = await receiver.Inbox.WaitUntilAsync(x => DocumentIds(x.Unique).IsSupersetOf(expected), Wait);

            var ids = DocumentIds(receiver.Inbox.Unique);
            Assert.True(deliveredAtKill < expected.Count, "the gateway was killed after everything was delivered");
            Assert.True(delivered, $"missing: {string.Join(", ", expected.Except(ids).Take(20))}\n{second.OutputTail}");
            Assert.Empty(ids.Except(expected));
            foreach (var group in receiver.Inbox.All.GroupBy(w => DocumentId(w.Body)))
            {
                Assert.Single(group.Select(w => w.Id).Distinct());
            }
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }

    private static HashSet<string> DocumentIds(IEnumerable<WebhookReceiver.ReceivedWebhook> webhooks) => [.. webhooks.Select(w => DocumentId(w.Body))];

    private static string DocumentId(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("documentKey").GetProperty("_id").GetString()!;
    }
}
