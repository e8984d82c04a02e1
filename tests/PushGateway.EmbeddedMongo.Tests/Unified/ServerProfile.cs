using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// What <c>runOnRequirements</c> is checked against: the target's <c>buildInfo.versionArray</c>, its topology as
/// <c>hello</c> describes it, and whether the connection string authenticates.
/// </summary>
internal sealed record ServerProfile(int[] Version, string Topology, bool Auth)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ServerProfile>>> Cache = new(StringComparer.Ordinal);

    public string VersionText => string.Join('.', Version);

    public static Task<ServerProfile> GetAsync(IMongoTestTarget target, IMongoClient internalClient) =>
        Cache.GetOrAdd(target.ConnectionString, cs => new Lazy<Task<ServerProfile>>(() => LoadAsync(cs, internalClient))).Value;

    private static async Task<ServerProfile> LoadAsync(string connectionString, IMongoClient client)
    {
        var admin = client.GetDatabase("admin");
        var buildInfo = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1));
        var version = buildInfo.TryGetValue("versionArray", out var array)
            ? array.AsBsonArray.Take(3).Select(v => v.ToInt32()).ToArray()
            : buildInfo["version"].AsString.Split('.', '-').Take(3).Select(int.Parse).ToArray();
        var hello = await admin.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1));
        var topology = hello.Contains("setName") ? "replicaset"
            : hello.GetValue("msg", "").ToString() == "isdbgrid" ? "sharded"
            : "single";
        var auth = MongoUrl.Create(connectionString).Username is not null;
        return new ServerProfile(version, topology, auth);
    }
}
