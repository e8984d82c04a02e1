using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Sessions;

/// <summary>Multi-document transactions through the official driver, as an application uses them.</summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class TransactionTests(MongoTarget target)
{
    private readonly IMongoClient _client = target.CreateClient();

    private IMongoCollection<BsonDocument> NewCollection(string name = "c") =>
        _client.GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>(name);

    [Fact]
    public async Task WithTransaction_CallbackCompletes_CommitsAllWritesAtOnce()
    {
        var accounts = NewCollection("accounts");
        await accounts.InsertManyAsync([new BsonDocument { { "_id", "a" }, { "balance", 100 } }, new BsonDocument { { "_id", "b" }, { "balance", 0 } }]);
        var seenOutsideDuringTransaction = new List<BsonDocument>();
        using var session = await _client.StartSessionAsync();

        var result = await session.WithTransactionAsync(async (s, ct) =>
        {
            await accounts.UpdateOneAsync(s, new BsonDocument("_id", "a"), new BsonDocument("$inc", new BsonDocument("balance", -30)), cancellationToken: ct);
            await accounts.UpdateOneAsync(s, new BsonDocument("_id", "b"), new BsonDocument("$inc", new BsonDocument("balance", 30)), cancellationToken: ct);
            await accounts.InsertOneAsync(s, new BsonDocument { { "_id", "log1" }, { "amount", 30 } }, cancellationToken: ct);
            seenOutsideDuringTransaction.AddRange(await accounts.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(ct));
            return (await accounts.Find(s, new BsonDocument("_id", "b")).SingleAsync(ct))["balance"].AsInt32;
        });

        var after = await accounts.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        Assert.Equal(30, result);
        Assert.Equal([100, 0], seenOutsideDuringTransaction.Select(d => d["balance"].AsInt32));
        Assert.Equal(["a", "b", "log1"], after.Select(d => d["_id"].AsString));
        Assert.Equal(70, after[0]["balance"].AsInt32);
        Assert.Equal(30, after[1]["balance"].AsInt32);
    }

    [Fact]
    public async Task WithTransaction_CallbackThrows_AbortsAndWritesNothing()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "v", 1 } });
        using var session = await _client.StartSessionAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.WithTransactionAsync<bool>(async (s, ct) =>
        {
            await coll.InsertOneAsync(s, new BsonDocument("_id", 2), cancellationToken: ct);
            await coll.DeleteOneAsync(s, new BsonDocument("_id", 1), cancellationToken: ct);
            throw new InvalidOperationException("business rule failed");
        }));

        var docs = await coll.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        Assert.Equal([new BsonDocument { { "_id", 1 }, { "v", 1 } }], docs);
        Assert.False(session.IsInTransaction);
    }

    [Fact]
    public async Task Update_SameDocumentInTwoOpenTransactions_SecondFailsWriteConflictWithTransientLabel()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "n", 0 } });
        using var first = await _client.StartSessionAsync();
        using var second = await _client.StartSessionAsync();
        first.StartTransaction();
        second.StartTransaction();
        await coll.UpdateOneAsync(first, new BsonDocument("_id", 1), new BsonDocument("$inc", new BsonDocument("n", 1)));

        var conflict = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.UpdateOneAsync(second, new BsonDocument("_id", 1), new BsonDocument("$inc", new BsonDocument("n", 10))));
        await first.CommitTransactionAsync();
        var afterAbort = await Assert.ThrowsAsync<MongoCommandException>(() => second.CommitTransactionAsync());

        Assert.Equal(112, conflict.Code);
        Assert.Equal("WriteConflict", conflict.CodeName);
        Assert.True(conflict.HasErrorLabel("TransientTransactionError"));
        Assert.Equal(251, afterAbort.Code);
        Assert.Equal(1, (await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync())["n"].AsInt32);
    }

    [Fact]
    public async Task Update_DocumentChangedAfterSnapshot_FailsWriteConflict()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument { { "_id", 1 }, { "n", 0 } });
        using var session = await _client.StartSessionAsync();
        session.StartTransaction();
        var inSnapshot = await coll.Find(session, new BsonDocument("_id", 1)).SingleAsync();
        await coll.UpdateOneAsync(new BsonDocument("_id", 1), new BsonDocument("$set", new BsonDocument("n", 5)));

        var stillSnapshot = await coll.Find(session, new BsonDocument("_id", 1)).SingleAsync();
        var conflict = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.UpdateOneAsync(session, new BsonDocument("_id", 1), new BsonDocument("$inc", new BsonDocument("n", 1))));

        Assert.Equal(0, inSnapshot["n"].AsInt32);
        Assert.Equal(0, stillSnapshot["n"].AsInt32);
        Assert.Equal(112, conflict.Code);
        Assert.Equal(5, (await coll.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync())["n"].AsInt32);
    }

    [Fact]
    public async Task Insert_DuplicateKeyInTransaction_AbortsTransaction()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument("_id", 1));
        using var session = await _client.StartSessionAsync();
        session.StartTransaction();
        await coll.InsertOneAsync(session, new BsonDocument("_id", 2));

        var duplicate = await Assert.ThrowsAsync<MongoWriteException>(() => coll.InsertOneAsync(session, new BsonDocument("_id", 1)));
        var next = await Assert.ThrowsAsync<MongoCommandException>(() => coll.InsertOneAsync(session, new BsonDocument("_id", 3)));

        Assert.Equal(11000, duplicate.WriteError.Code);
        Assert.Equal("NoSuchTransaction", next.CodeName);
        Assert.True(next.HasErrorLabel("TransientTransactionError"));
        Assert.Equal(1, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [Fact]
    public async Task Count_InTransaction_Fails263OperationNotSupportedInTransaction()
    {
        var coll = NewCollection();
        using var session = await _client.StartSessionAsync();
        session.StartTransaction();

        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.Database.RunCommandAsync<BsonDocument>(session, new BsonDocument("count", "c")));

        Assert.Equal(263, error.Code);
        Assert.Equal("OperationNotSupportedInTransaction", error.CodeName);
    }

    [Fact]
    public async Task Commit_TransactionOfSeveralWrites_StreamsEventsTogetherInOrderWithLsidAndTxnNumber()
    {
        var coll = NewCollection();
        await coll.InsertOneAsync(new BsonDocument("_id", 0));
        using var stream = await coll.WatchAsync(new ChangeStreamOptions { MaxAwaitTime = TimeSpan.FromMilliseconds(100) });
        using var session = await _client.StartSessionAsync();

        await session.WithTransactionAsync(async (s, ct) =>
        {
            await coll.InsertOneAsync(s, new BsonDocument("_id", 1), cancellationToken: ct);
            await coll.UpdateOneAsync(s, new BsonDocument("_id", 0), new BsonDocument("$set", new BsonDocument("x", 1)), cancellationToken: ct);
            await coll.DeleteOneAsync(s, new BsonDocument("_id", 1), cancellationToken: ct);
            return true;
        });
        var events = new List<ChangeStreamDocument<BsonDocument>>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (events.Count < 3 && await stream.MoveNextAsync(timeout.Token))
        {
            events.AddRange(stream.Current);
        }

        Assert.Equal([ChangeStreamOperationType.Insert, ChangeStreamOperationType.Update, ChangeStreamOperationType.Delete], events.Select(e => e.OperationType));
        Assert.All(events, e => Assert.Equal(session.ServerSession.Id["id"], e.BackingDocument["lsid"]["id"]));
        Assert.All(events, e => Assert.Equal(BsonType.Int64, e.BackingDocument["txnNumber"].BsonType));
        Assert.Single(events.Select(e => e.ClusterTime).Distinct());
    }
}
