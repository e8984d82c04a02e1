using System.Diagnostics;
using System.Net;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using PushGateway.EmbeddedMongo;

namespace PushGateway.Tests.Mongo;

/// <summary>
/// A stopped gateway closes its MongoDB connections. MongoDB.Driver 3 leaves a disposed client's cluster open for the
/// life of the process; the gateway closes its own (<c>OwnedMongoClient</c>). The server is an embedded one the test
/// starts, so that it can count the connections it sees.
/// </summary>
public sealed class GatewayStopTests
{
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Stop_Gateway_ClosesItsMongoConnections()
    {
        await using var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0 });
        var probe = new MongoClient(server.ConnectionString);
        try
        {
            var baseline = await OpenConnectionsAsync(probe);
            var factory = new GatewayFactory(new Testing.MongoTarget());
            factory.Settings["Mongo:ConnectionString"] = server.ConnectionString;
            int whileRunning;
            await using (factory)
            {
                using var client = factory.CreateClient();
                var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                whileRunning = await OpenConnectionsAsync(probe);
            }

            // The server notices a closed socket when its read ends: wait for that, bounded.
            var afterStop = await OpenConnectionsAsync(probe);
            var waited = Stopwatch.StartNew();
            while (afterStop > baseline && waited.Elapsed < CloseWait)
            {
                await Task.Delay(50, CancellationToken.None);
                afterStop = await OpenConnectionsAsync(probe);
            }

            Assert.True(whileRunning > baseline, $"the running gateway should hold connections ({whileRunning} vs {baseline} before it)");
            Assert.Equal(baseline, afterStop);
        }
        finally
        {
            ClusterRegistry.Instance.UnregisterAndDisposeCluster(probe.Cluster);
        }
    }

    [Fact]
    public async Task Stop_OneOfTwoGatewaysOnTheSameServer_TheOtherKeepsWorking()
    {
        await using var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0 });
        // Same connection string and settings: with the driver's shared cluster, closing the first one's would close
        // the second one's too.
        var first = new GatewayFactory(new Testing.MongoTarget());
        var second = new GatewayFactory(new Testing.MongoTarget());
        first.Settings["Mongo:ConnectionString"] = server.ConnectionString;
        second.Settings["Mongo:ConnectionString"] = server.ConnectionString;
        await using (second)
        {
            using var secondClient = second.CreateClientFor("tenant-a");
            await using (first)
            {
                using var firstClient = first.CreateClientFor("tenant-a");
                Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync(new Uri("/api/webhooks", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync(new Uri("/api/webhooks", UriKind.Relative))).StatusCode);
            }

            var afterFirstStopped = await secondClient.GetAsync(new Uri("/api/webhooks", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, afterFirstStopped.StatusCode);
        }
    }

    private static async Task<int> OpenConnectionsAsync(MongoClient probe)
    {
        var status = await probe.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1));
        return status["connections"]["current"].ToInt32();
    }
}
