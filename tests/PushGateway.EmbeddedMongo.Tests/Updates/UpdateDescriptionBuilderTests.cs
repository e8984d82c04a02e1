using MongoDB.Bson;
using MongoDB.Driver;
using PushGateway.EmbeddedMongo.Tests.ChangeStreams;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Updates;

/// <summary>
/// The <c>updateDescription</c> of update events, as mongod 7.0 reports it (the manual's change events
/// page): operator updates by the paths the operators wrote, pipeline updates by a diff.
/// </summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class UpdateDescriptionBuilderTests(MongoTarget target)
{
    [Fact]
    public async Task Set_ShorterArray_ReportsWholeArrayWithoutTruncation()
    {
        var d = await DescribeAsync(new BsonDocument("arr", new BsonArray { 0, 1, 2, 3 }), new BsonDocument("$set", new BsonDocument("arr", new BsonArray { 0 })));

        Assert.Equal(new BsonDocument("arr", new BsonArray { 0 }), d["updatedFields"]);
        Assert.Equal(new BsonArray(), d["truncatedArrays"]);
        Assert.Equal(new BsonArray(), d["removedFields"]);
    }

    [Fact]
    public async Task Set_OneElementArrayOverLonger_ReportsNewArrayNotElementPath()
    {
        var d = await DescribeAsync(new BsonDocument("b", new BsonArray { 1, 2, 3 }), new BsonDocument("$set", new BsonDocument("b", new BsonArray { 7 })));

        Assert.Equal(new BsonDocument("b", new BsonArray { 7 }), d["updatedFields"]);
        Assert.Equal(new BsonArray(), d["truncatedArrays"]);
    }

    [Fact]
    public async Task Set_PathIntoArraysOfArrays_ReportsExactPathAndDisambiguates()
    {
        var initial = new BsonDocument("a", new BsonArray { new BsonArray { new BsonDocument("1", 0) } });

        var d = await DescribeAsync(initial, new BsonDocument("$set", new BsonDocument("a.0.0.1", 5)), expanded: true);

        Assert.Equal(new BsonDocument("a.0.0.1", 5), d["updatedFields"]);
        Assert.Equal(new BsonDocument("a.0.0.1", new BsonArray { "a", 0, 0, "1" }), d["disambiguatedPaths"]);
        Assert.Equal(BsonType.Int32, d["disambiguatedPaths"]["a.0.0.1"][1].BsonType);
    }

    [Fact]
    public async Task Set_ElementOfNestedArray_ReportsElementPathWithNothingAmbiguous()
    {
        var initial = new BsonDocument("a", new BsonArray { new BsonArray { 0, 1 } });

        var d = await DescribeAsync(initial, new BsonDocument("$set", new BsonDocument("a.0.1", 5)), expanded: true);

        Assert.Equal(new BsonDocument("a.0.1", 5), d["updatedFields"]);
        Assert.Equal(new BsonDocument(), d["disambiguatedPaths"]);
    }

    [Fact]
    public async Task Set_NewNestedPath_ReportsFirstCreatedField()
    {
        var d = await DescribeAsync(new BsonDocument("a", new BsonDocument()), new BsonDocument("$set", new BsonDocument("a.b.c", 1)));

        Assert.Equal(new BsonDocument("a.b", new BsonDocument("c", 1)), d["updatedFields"]);
    }

    [Fact]
    public async Task Push_Append_ReportsAppendedIndexes()
    {
        var push = new BsonDocument("$push", new BsonDocument("arr", new BsonDocument("$each", new BsonArray { 4, 5 })));

        var d = await DescribeAsync(new BsonDocument("arr", new BsonArray { 1, 2, 3 }), push);

        Assert.Equal(new BsonDocument { { "arr.3", 4 }, { "arr.4", 5 } }, d["updatedFields"]);
    }

    [Fact]
    public async Task Push_WithSlice_ReportsWholeArrayWithoutTruncation()
    {
        var push = new BsonDocument("$push", new BsonDocument("arr", new BsonDocument { { "$each", new BsonArray() }, { "$slice", 2 } }));

        var d = await DescribeAsync(new BsonDocument("arr", new BsonArray { 1, 2, 3, 4 }), push);

        Assert.Equal(new BsonDocument("arr", new BsonArray { 1, 2 }), d["updatedFields"]);
        Assert.Equal(new BsonArray(), d["truncatedArrays"]);
    }

    [Fact]
    public async Task AddToSet_NewValue_ReportsAppendedIndex()
    {
        var d = await DescribeAsync(new BsonDocument("tags", new BsonArray { "a" }), new BsonDocument("$addToSet", new BsonDocument("tags", "b")));

        Assert.Equal(new BsonDocument("tags.1", "b"), d["updatedFields"]);
    }

    [Fact]
    public async Task Pull_RemovedElement_ReportsWholeArray()
    {
        var d = await DescribeAsync(new BsonDocument("arr", new BsonArray { 1, 2, 3 }), new BsonDocument("$pull", new BsonDocument("arr", 2)));

        Assert.Equal(new BsonDocument("arr", new BsonArray { 1, 3 }), d["updatedFields"]);
        Assert.Equal(new BsonArray(), d["truncatedArrays"]);
    }

    [Fact]
    public async Task Unset_ArrayElement_ReportsNullElement()
    {
        var d = await DescribeAsync(new BsonDocument("arr", new BsonArray { 1, 2, 3 }), new BsonDocument("$unset", new BsonDocument("arr.1", "")));

        Assert.Equal(new BsonDocument("arr.1", BsonNull.Value), d["updatedFields"]);
        Assert.Equal(new BsonArray(), d["removedFields"]);
    }

    [Fact]
    public async Task Rename_Field_ReportsRemovedSourceAndNewTarget()
    {
        var d = await DescribeAsync(new BsonDocument("a", 1), new BsonDocument("$rename", new BsonDocument("a", "b")));

        Assert.Equal(new BsonDocument("b", 1), d["updatedFields"]);
        Assert.Equal(new BsonArray { "a" }, d["removedFields"]);
    }

    [Fact]
    public async Task Set_AllPositional_ReportsEachElementPath()
    {
        var initial = new BsonDocument("a", new BsonArray { new BsonDocument("x", 1), new BsonDocument("x", 2) });

        var d = await DescribeAsync(initial, new BsonDocument("$set", new BsonDocument("a.$[].x", 0)));

        Assert.Equal(new BsonDocument { { "a.0.x", 0 }, { "a.1.x", 0 } }, d["updatedFields"]);
    }

    [Fact]
    public async Task PipelineUpdate_ShorterArray_ReportsTruncation()
    {
        var initial = new BsonDocument("array", new BsonArray { "foo", new BsonDocument("a", "bar"), 1, 2, 3 });
        var pipeline = new BsonArray { new BsonDocument("$set", new BsonDocument("array", new BsonDocument("$literal", new BsonArray { "foo", new BsonDocument("a", "bar") }))) };

        var d = await DescribeAsync(initial, pipeline);

        Assert.Equal(new BsonDocument(), d["updatedFields"]);
        Assert.Equal(new BsonArray { new BsonDocument { { "field", "array" }, { "newSize", 2 } } }, d["truncatedArrays"]);
    }

    [Fact]
    public async Task PipelineUpdate_ReplaceWithDottedFieldNames_ReportsWholeSubDocument()
    {
        var replacement = new BsonDocument { { "_id", 1 }, { "a", new BsonDocument { { "b.c", 2 }, { "x", 1 } } } };
        var pipeline = new BsonArray { new BsonDocument("$replaceWith", new BsonDocument("$literal", replacement)) };

        var d = await DescribeAsync(new BsonDocument("a", new BsonDocument("x", 1)), pipeline);

        Assert.Equal(new BsonDocument("a", new BsonDocument { { "b.c", 2 }, { "x", 1 } }), d["updatedFields"]);
        Assert.Equal(new BsonArray(), d["removedFields"]);
    }

    [Fact]
    public async Task PipelineUpdate_NestedArrayElement_ReportsElementPath()
    {
        var initial = new BsonDocument("a", new BsonArray { new BsonArray { 0, 1 } });
        var pipeline = new BsonArray { new BsonDocument("$set", new BsonDocument("a", new BsonDocument("$literal", new BsonArray { new BsonArray { 0, 9 } }))) };

        var d = await DescribeAsync(initial, pipeline);

        Assert.Equal(new BsonDocument("a.0.1", 9), d["updatedFields"]);
    }

    /// <summary>Inserts <paramref name="initial"/> as <c>_id: 1</c>, applies the update and returns the update event's description.</summary>
    [Fact]
    public async Task SetAndUnset_TopLevelFieldsOnly_ReportsEachWrittenFieldWithItsNewValue()
    {
        // The shape of a webhook's success completion: top-level fields only (the server's fast path), one new array.
        var initial = new BsonDocument { { "state", "pending" }, { "attempts", 0 }, { "lastError", "timeout" }, { "body", "{}" } };
        var at = new BsonDateTime(new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc));
        var update = new BsonDocument
        {
            { "$set", new BsonDocument { { "state", "succeeded" }, { "completedAt", at }, { "attempts", 1 }, { "history", new BsonArray { new BsonDocument { { "at", at }, { "statusCode", 200 } } } } } },
            { "$unset", new BsonDocument("lastError", "") },
        };

        var d = await DescribeAsync(initial, update);

        var updated = d["updatedFields"].AsBsonDocument;
        Assert.Equal(4, updated.ElementCount);
        Assert.Equal("succeeded", updated["state"]);
        Assert.Equal(at, updated["completedAt"]);
        Assert.Equal(1, updated["attempts"]);
        Assert.Equal(new BsonArray { new BsonDocument { { "at", at }, { "statusCode", 200 } } }, updated["history"]);
        Assert.Equal(new BsonArray { "lastError" }, d["removedFields"]);
        Assert.Equal(new BsonArray(), d["truncatedArrays"]);
    }

    private async Task<BsonDocument> DescribeAsync(BsonDocument initial, BsonValue update, bool expanded = false)
    {
        var db = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName());
        var coll = db.GetCollection<BsonDocument>("c");
        var doc = new BsonDocument("_id", 1);
        doc.AddRange(initial);
        await coll.InsertOneAsync(doc);
        var pipeline = new EmptyPipelineDefinition<ChangeStreamDocument<BsonDocument>>().AppendStage<ChangeStreamDocument<BsonDocument>, ChangeStreamDocument<BsonDocument>, BsonDocument>(
            new BsonDocument("$match", new BsonDocument()));
        using var stream = new ChangeStreamReader<BsonDocument>(await coll.WatchAsync(pipeline, new ChangeStreamOptions { ShowExpandedEvents = expanded, MaxAwaitTime = TimeSpan.FromMilliseconds(200) }));

        var reply = await db.RunCommandAsync<BsonDocument>(new BsonDocument
        {
            { "update", "c" },
            { "updates", new BsonArray { new BsonDocument { { "q", new BsonDocument("_id", 1) }, { "u", update } } } },
        });
        Assert.Equal(1, reply["nModified"].ToInt32());
        var e = await stream.NextAsync();

        Assert.Equal("update", e["operationType"].AsString);
        return e["updateDescription"].AsBsonDocument;
    }
}
