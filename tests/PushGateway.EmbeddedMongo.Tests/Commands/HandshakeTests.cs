using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

[Collection(EmbeddedMongoCollection.Name)]
public sealed class HandshakeTests(MongoTarget target)
{
    [Fact]
    public async Task Ping_OverDriver_ReturnsOk()
    {
        var db = target.CreateClient().GetDatabase("admin");

        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1));

        Assert.Equal(1.0, reply["ok"].ToDouble());
    }

    [Fact]
    public async Task Hello_AsReplicaSetPrimary_ReportsRs0AndWireVersion()
    {
        var db = target.CreateClient().GetDatabase("admin");

        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1));

        Assert.True(reply["isWritablePrimary"].AsBoolean);
        Assert.Equal("rs0", reply["setName"].AsString);
        Assert.True(reply["maxWireVersion"].AsInt32 >= 21);
        Assert.True(reply.Contains("logicalSessionTimeoutMinutes"));
    }

    [Fact]
    public async Task BuildInfo_Always_Reports70VersionArray()
    {
        var db = target.CreateClient().GetDatabase("admin");

        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1));

        Assert.StartsWith("7.0.", reply["version"].AsString, StringComparison.Ordinal);
        Assert.Equal(7, reply["versionArray"][0].AsInt32);
    }

    [SkippableFact]
    public async Task Connect_WithReplicaSetName_DiscoversPrimary()
    {
        Skip.If(target.IsExternal, "uses the embedded server's address");
        var port = target.EmbeddedServer!.Port;
        var client = new MongoClient($"mongodb://127.0.0.1:{port}/?replicaSet=rs0&serverMonitoringMode=Poll");
        try
        {
            var names = await (await client.ListDatabaseNamesAsync()).ToListAsync();

            Assert.NotNull(names);
        }
        finally
        {
            ClusterRegistry.Instance.UnregisterAndDisposeCluster(client.Cluster);
        }
    }

    [Fact]
    public async Task RunCommand_UnknownCommand_Fails59CommandNotFound()
    {
        var db = target.CreateClient().GetDatabase("admin");

        var error = await Assert.ThrowsAsync<MongoCommandException>(() => db.RunCommandAsync<BsonDocument>(new BsonDocument("noSuchCommand", 1)));

        Assert.Equal(59, error.Code);
        Assert.Equal("CommandNotFound", error.CodeName);
    }

    [Fact]
    public async Task ServerStatus_Always_ReportsConnectionsAndOpenCursors()
    {
        var db = target.CreateClient().GetDatabase("admin");

        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument("serverStatus", 1));

        Assert.True(reply["connections"]["current"].ToInt32() >= 1);
        Assert.True(reply["metrics"]["cursor"]["open"].AsBsonDocument.Contains("total"));
    }

    [Fact]
    public async Task Command_ReplyAfterWrite_CarriesMonotonicOperationTime()
    {
        var client = target.CreateClient();
        using var session = await client.StartSessionAsync();
        var coll = client.GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");

        await coll.InsertOneAsync(session, new BsonDocument("x", 1));
        var first = session.OperationTime;
        await coll.InsertOneAsync(session, new BsonDocument("x", 2));

        Assert.NotNull(first);
        Assert.True(session.OperationTime > first);
    }
}
