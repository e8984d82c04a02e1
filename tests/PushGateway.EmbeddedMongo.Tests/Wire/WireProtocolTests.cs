using MongoDB.Bson;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Wire;

[Collection(EmbeddedMongoCollection.Name)]
public sealed class WireProtocolTests(MongoTarget target)
{
    private async Task<RawWireClient> ConnectAsync()
    {
        Skip.If(target.IsExternal, "hand-built wire messages target the embedded server");
        return await RawWireClient.ConnectAsync(target.EmbeddedServer!.Port);
    }

    [SkippableFact]
    public async Task OpQuery_IsMaster_AnsweredWithOpReply()
    {
        await using var client = await ConnectAsync();

        var id = await client.SendQueryAsync("admin.$cmd", new BsonDocument { { "isMaster", 1 }, { "helloOk", true } });
        var reply = await client.ReceiveAsync();

        Assert.NotNull(reply);
        Assert.Equal(1, reply.Value.OpCode);
        Assert.Equal(id, reply.Value.ResponseTo);
        Assert.True(reply.Value.Document["ismaster"].AsBoolean);
    }

    [SkippableFact]
    public async Task OpMsg_WithChecksum_AcceptedAndReplyHasNoChecksum()
    {
        await using var client = await ConnectAsync();

        await client.SendMsgAsync(new BsonDocument { { "ping", 1 }, { "$db", "admin" } }, checksum: true);
        var reply = await client.ReceiveAsync();

        Assert.Equal(2013, reply!.Value.OpCode);
        Assert.Equal(0, reply.Value.Flags);
        Assert.Equal(1.0, reply.Value.Document["ok"].ToDouble());
    }

    [SkippableFact]
    public async Task OpMsg_MoreToCome_SendsNoReply()
    {
        await using var client = await ConnectAsync();
        var db = MongoTarget.NewDatabaseName();

        await client.SendMsgAsync(new BsonDocument { { "insert", "c" }, { "$db", db }, { "writeConcern", new BsonDocument("w", 0) } }, flags: 2, sequence: ("documents", [new BsonDocument("_id", 1)]));
        var pingId = await client.SendMsgAsync(new BsonDocument { { "count", "c" }, { "$db", db } });
        var reply = await client.ReceiveAsync();

        Assert.Equal(pingId, reply!.Value.ResponseTo);
        Assert.Equal(1, reply.Value.Document["n"].ToInt32());
    }

    [SkippableFact]
    public async Task OpMsg_DocumentSequenceSection_MergedIntoCommand()
    {
        await using var client = await ConnectAsync();
        var db = MongoTarget.NewDatabaseName();

        await client.SendMsgAsync(new BsonDocument { { "insert", "c" }, { "$db", db } }, sequence: ("documents", [new BsonDocument("_id", 1), new BsonDocument("_id", 2)]));
        var reply = await client.ReceiveAsync();

        Assert.Equal(2, reply!.Value.Document["n"].ToInt32());
    }

    [SkippableFact]
    public async Task UnsupportedOpCode_ClosesConnection()
    {
        await using var client = await ConnectAsync();

        await client.SendAsync(2012, new byte[16]);
        var reply = await client.ReceiveAsync();

        Assert.Null(reply);
    }

    [SkippableFact]
    public async Task Insert_RetriedWithSameLsidAndTxnNumber_ReturnsFirstResult()
    {
        await using var client = await ConnectAsync();
        var db = MongoTarget.NewDatabaseName();
        var lsid = new BsonDocument("id", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard));
        BsonDocument Insert() => new() { { "insert", "c" }, { "$db", db }, { "lsid", lsid }, { "txnNumber", 1L }, { "documents", new BsonArray { new BsonDocument("_id", 1) } } };

        await client.SendMsgAsync(Insert());
        var first = (await client.ReceiveAsync())!.Value.Document;
        await client.SendMsgAsync(Insert());
        var retry = (await client.ReceiveAsync())!.Value.Document;
        await client.SendMsgAsync(new BsonDocument { { "count", "c" }, { "$db", db } });
        var count = (await client.ReceiveAsync())!.Value.Document;

        Assert.Equal(1, first["n"].ToInt32());
        Assert.Equal(1, retry["n"].ToInt32());
        Assert.False(retry.Contains("writeErrors"));
        Assert.Equal(1, count["n"].ToInt32());
    }
}
