using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace PushGateway.EmbeddedMongo.Benchmarks;

/// <summary>
/// Finds by non-<c>_id</c> fields over 100,000 documents, on a collection without secondary indexes
/// (a full scan: the server's behaviour before index-backed queries) and on the same documents with
/// them. The lease query has the shape of the webhook delivery worker's.
/// </summary>
internal static class IndexedFindScenario
{
    private const int Documents = 100_000;

    public static async Task RunAsync(TimeSpan duration)
    {
        await using var server = await EmbeddedMongoServer.StartAsync(new EmbeddedMongoOptions { Port = 0 });
        var client = new MongoClient(server.ConnectionString + "&serverMonitoringMode=Poll");
        try
        {
            var db = client.GetDatabase("bench");
            var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var scan = db.GetCollection<BsonDocument>("scan");
            var indexed = db.GetCollection<BsonDocument>("indexed");
            await indexed.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(new BsonDocument("sub", 1)),
                new CreateIndexModel<BsonDocument>(new BsonDocument { { "state", 1 }, { "dueAt", 1 } }),
            ]);
            for (var batch = 0; batch < Documents / 1000; batch++)
            {
                var docs = Enumerable.Range(batch * 1000, 1000).Select(i => new BsonDocument
                {
                    { "sub", $"sub-{i % 1000}" },
                    { "state", i % 100 == 0 ? "pending" : "delivered" },
                    { "dueAt", now.AddSeconds((i % 200) - 100) },
                    { "payload", "small document" },
                }).ToList();
                await scan.InsertManyAsync(docs.Select(d => d.DeepClone().AsBsonDocument));
                await indexed.InsertManyAsync(docs);
            }

            foreach (var (name, coll) in new[] { ("no index (scan)", scan), ("indexed", indexed) })
            {
                var bySub = await RunForAsync(duration, i => coll.Find(new BsonDocument("sub", $"sub-{i % 1000}")).ToListAsync());
                Console.WriteLine($"finds/s by sub (100 of {Documents} docs), {name}: {bySub / duration.TotalSeconds:F1}");

                var lease = new BsonDocument { { "state", "pending" }, { "dueAt", new BsonDocument("$lte", now) } };
                var leases = await RunForAsync(duration, _ => coll.Find(lease).Sort(new BsonDocument("dueAt", 1)).Limit(10).ToListAsync());
                Console.WriteLine($"lease finds/s (state + dueAt range, sort, limit 10; 1,000 pending of {Documents}), {name}: {leases / duration.TotalSeconds:F1}");
            }
        }
        finally
        {
            ClusterRegistry.Instance.UnregisterAndDisposeCluster(client.Cluster);
        }
    }

    private static async Task<long> RunForAsync(TimeSpan duration, Func<long, Task> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        long done = 0;
        while (stopwatch.Elapsed < duration)
        {
            await operation(done);
            done++;
        }

        return done;
    }
}
