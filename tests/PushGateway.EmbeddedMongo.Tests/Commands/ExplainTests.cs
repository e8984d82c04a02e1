using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

/// <summary><c>explain</c>: the winning plan says truthfully whether an index is used, and nothing is written.</summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class ExplainTests(MongoTarget target)
{
    private async Task<IMongoCollection<BsonDocument>> SeededAsync()
    {
        var coll = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");
        await coll.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new BsonDocument { { "_id", i }, { "k", i }, { "u", i % 2 } }));
        await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("k", 1)));
        return coll;
    }

    private static Task<BsonDocument> ExplainAsync(IMongoCollection<BsonDocument> coll, BsonDocument command, string verbosity = "executionStats") =>
        coll.Database.RunCommandAsync<BsonDocument>(new BsonDocument { { "explain", command }, { "verbosity", verbosity } });

    [Fact]
    public async Task Explain_FindOnIndexedField_WinningPlanIsIxscanOfThatIndex()
    {
        var coll = await SeededAsync();

        var explain = await ExplainAsync(coll, new BsonDocument { { "find", "c" }, { "filter", new BsonDocument("k", 3) } });

        var plan = explain["queryPlanner"]["winningPlan"];
        Assert.Equal("FETCH", plan["stage"].AsString);
        Assert.Equal("IXSCAN", plan["inputStage"]["stage"].AsString);
        Assert.Equal("k_1", plan["inputStage"]["indexName"].AsString);
        Assert.Equal(1, explain["executionStats"]["nReturned"].ToInt32());
        Assert.Equal(1, explain["executionStats"]["totalKeysExamined"].ToInt32());
        Assert.Equal(1, explain["executionStats"]["totalDocsExamined"].ToInt32());
    }

    [Fact]
    public async Task Explain_FindOnUnindexedField_WinningPlanIsCollscanExaminingEveryDocument()
    {
        var coll = await SeededAsync();

        var explain = await ExplainAsync(coll, new BsonDocument { { "find", "c" }, { "filter", new BsonDocument("u", 1) } });

        Assert.Equal("COLLSCAN", explain["queryPlanner"]["winningPlan"]["stage"].AsString);
        Assert.Equal(5, explain["executionStats"]["nReturned"].ToInt32());
        Assert.Equal(10, explain["executionStats"]["totalDocsExamined"].ToInt32());
        Assert.Equal(0, explain["executionStats"]["totalKeysExamined"].ToInt32());
    }

    [Fact]
    public async Task Explain_QueryPlannerVerbosity_HasNoExecutionStats()
    {
        var coll = await SeededAsync();

        var explain = await ExplainAsync(coll, new BsonDocument { { "find", "c" }, { "filter", new BsonDocument("k", 3) } }, "queryPlanner");

        Assert.False(explain.Contains("executionStats"));
        Assert.Equal($"{coll.Database.DatabaseNamespace.DatabaseName}.c", explain["queryPlanner"]["namespace"].AsString);
    }

    [Fact]
    public async Task Explain_UpdateAndDelete_DescribeThePlanAndWriteNothing()
    {
        var coll = await SeededAsync();

        var update = await ExplainAsync(coll, new BsonDocument
        {
            { "update", "c" },
            { "updates", new BsonArray { new BsonDocument { { "q", new BsonDocument("k", new BsonDocument("$gte", 8)) }, { "u", new BsonDocument("$set", new BsonDocument("x", 1)) }, { "multi", true } } } },
        });
        var delete = await ExplainAsync(coll, new BsonDocument
        {
            { "delete", "c" },
            { "deletes", new BsonArray { new BsonDocument { { "q", new BsonDocument("u", 0) }, { "limit", 0 } } } },
        });

        Assert.Equal("UPDATE", update["queryPlanner"]["winningPlan"]["stage"].AsString);
        Assert.Equal("IXSCAN", update["queryPlanner"]["winningPlan"]["inputStage"]["inputStage"]["stage"].AsString);
        Assert.Equal(2, update["executionStats"]["executionStages"]["nWouldModify"].ToInt32());
        Assert.Equal("DELETE", delete["queryPlanner"]["winningPlan"]["stage"].AsString);
        Assert.Equal("COLLSCAN", delete["queryPlanner"]["winningPlan"]["inputStage"]["stage"].AsString);
        Assert.Equal(5, delete["executionStats"]["executionStages"]["nWouldDelete"].ToInt32());
        Assert.Equal(10, await coll.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        Assert.Equal(0, await coll.CountDocumentsAsync(new BsonDocument("x", 1)));
    }

    [Fact]
    public async Task Explain_Count_CountStageOverIndexScan()
    {
        var coll = await SeededAsync();

        var explain = await ExplainAsync(coll, new BsonDocument { { "count", "c" }, { "query", new BsonDocument("k", new BsonDocument("$lt", 4)) } });

        var plan = explain["queryPlanner"]["winningPlan"];
        Assert.StartsWith("COUNT", plan["stage"].AsString, StringComparison.Ordinal);
        Assert.Contains("k_1", plan.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_AggregateThroughDriver_ReportsIndexOfLeadingMatch()
    {
        var coll = await SeededAsync();
        var pipeline = new BsonDocument[]
        {
            new("$match", new BsonDocument("k", new BsonDocument("$in", new BsonArray { 1, 2 }))),
            new("$group", new BsonDocument { { "_id", "$u" }, { "n", new BsonDocument("$sum", 1) } }),
        };

        var explain = await ExplainAsync(coll, new BsonDocument { { "aggregate", "c" }, { "pipeline", new BsonArray(pipeline) }, { "cursor", new BsonDocument() } });

        Assert.Contains("\"indexName\" : \"k_1\"", explain.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("COLLSCAN", explain.ToJson(), StringComparison.Ordinal);
    }
}
