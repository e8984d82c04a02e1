using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>Updates re-key only the indexes whose keys changed, and uniqueness still holds either way.</summary>
public sealed class CollectionStateTests
{
    [Fact]
    public void Replace_UniqueKeyUnchanged_KeepsTheKeyAndStillRejectsOthers()
    {
        var c = WithUniqueIndexOnEmail();
        c.Insert(new BsonDocument { { "_id", 1 }, { "email", "a@x" }, { "n", 0 } });
        c.Insert(new BsonDocument { { "_id", 2 }, { "email", "b@x" }, { "n", 0 } });
        Assert.True(c.TryFindById(1, out var rid, out _));

        c.Replace(rid, new BsonDocument { { "_id", 1 }, { "email", "a@x" }, { "n", 1 } });

        var error = Assert.Throws<MongoErrorException>(() => c.Insert(new BsonDocument { { "_id", 3 }, { "email", "a@x" } }));
        Assert.Equal(11000, error.Code);
        Assert.Equal(1, c.Get(rid)["n"].AsInt32);
    }

    [Fact]
    public void Replace_UniqueKeyChanged_FreesTheOldKey()
    {
        var c = WithUniqueIndexOnEmail();
        c.Insert(new BsonDocument { { "_id", 1 }, { "email", "a@x" } });
        Assert.True(c.TryFindById(1, out var rid, out _));

        c.Replace(rid, new BsonDocument { { "_id", 1 }, { "email", "c@x" } });
        c.Insert(new BsonDocument { { "_id", 2 }, { "email", "a@x" } });

        Assert.Throws<MongoErrorException>(() => c.Insert(new BsonDocument { { "_id", 3 }, { "email", "c@x" } }));
    }

    [Fact]
    public void Replace_ToATakenUniqueKey_FailsAndChangesNothing()
    {
        var c = WithUniqueIndexOnEmail();
        c.Insert(new BsonDocument { { "_id", 1 }, { "email", "a@x" } });
        c.Insert(new BsonDocument { { "_id", 2 }, { "email", "b@x" } });
        Assert.True(c.TryFindById(2, out var rid, out _));

        Assert.Throws<MongoErrorException>(() => c.Replace(rid, new BsonDocument { { "_id", 2 }, { "email", "a@x" } }));

        Assert.Equal("b@x", c.Get(rid)["email"].AsString);
        Assert.Throws<MongoErrorException>(() => c.Insert(new BsonDocument { { "_id", 3 }, { "email", "b@x" } }));
    }

    [Fact]
    public void DataSize_AfterWrites_IsTheSumOfTheDocumentSizes()
    {
        var c = WithUniqueIndexOnEmail();
        var first = new BsonDocument { { "_id", 1 }, { "email", "a@x" } };
        var second = new BsonDocument { { "_id", 2 }, { "email", "b@x" }, { "more", new string('x', 100) } };
        c.Insert(first);
        var afterOne = c.DataSize;
        c.Insert(second);
        Assert.True(c.TryFindById(1, out var rid, out _));
        c.Delete(rid);

        Assert.Equal(first.ToBson().Length, afterOne);
        Assert.Equal(second.ToBson().Length, c.DataSize);
    }

    private static CollectionState WithUniqueIndexOnEmail()
    {
        var c = new CollectionState("db", "c", [], Guid.NewGuid());
        c.AddIndex(new IndexState(new BsonDocument { { "v", 2 }, { "key", new BsonDocument("email", 1) }, { "name", "email_1" }, { "unique", true } }));
        return c;
    }
}
