using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Commands;

/// <summary>find's projection operators, from the manual's $slice, $elemMatch and positional $ (projection) pages.</summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class FindProjectionTests(MongoTarget target)
{
    private static readonly BsonDocument Post = Parse("{_id: 1, title: 't', comments: [1, 2, 3, 4, 5], meta: {tags: ['a', 'b', 'c'], by: 'x'}}");

    public static TheoryData<string, string> Slices => new()
    {
        { "{comments: {$slice: 2}}", "{_id: 1, title: 't', comments: [1, 2], meta: {tags: ['a', 'b', 'c'], by: 'x'}}" },
        { "{comments: {$slice: -2}, _id: 0, title: 0, meta: 0}", "{comments: [4, 5]}" },
        { "{comments: {$slice: [1, 2]}, title: 1}", "{_id: 1, title: 't', comments: [2, 3]}" },
        { "{comments: {$slice: [-2, 1]}, _id: 0, title: 1}", "{title: 't', comments: [4]}" },
        { "{comments: {$slice: [10, 1]}, title: 1, _id: 0}", "{title: 't', comments: []}" },
        { "{'meta.tags': {$slice: 1}, _id: 0}", "{title: 't', comments: [1, 2, 3, 4, 5], meta: {tags: ['a'], by: 'x'}}" },
        { "{'meta.tags': {$slice: 1}, 'meta.by': 1, _id: 0}", "{meta: {tags: ['a'], by: 'x'}}" },
        { "{title: {$slice: 1}, comments: 0, meta: 0}", "{_id: 1, title: 't'}" },
        { "{_id: 1, comments: {$slice: 1}}", "{_id: 1, comments: [1]}" },
        { "{comments: {$slice: 2.7}, _id: 0, title: 0, meta: 0}", "{comments: [1, 2]}" },
    };

    [Theory]
    [MemberData(nameof(Slices))]
    public async Task Find_SliceProjection_ReturnsSlicedArray(string projection, string expected)
    {
        var coll = await CollectionWithAsync(Post);

        var doc = await coll.Find(FilterDefinition<BsonDocument>.Empty).Project(Parse(projection)).SingleAsync();

        Assert.Equal(Parse(expected), doc);
    }

    [Fact]
    public async Task Find_ElemMatchProjection_ReturnsFirstMatchingElementOnly()
    {
        var coll = await CollectionWithAsync(
            Parse("{_id: 1, zipcode: '63109', students: [{name: 'john', school: 102, age: 10}, {name: 'jess', school: 102, age: 11}, {name: 'jeff', school: 108, age: 15}]}"),
            Parse("{_id: 2, zipcode: '63110', students: [{name: 'ajax', school: 100, age: 7}]}"));

        var docs = await coll.Find(FilterDefinition<BsonDocument>.Empty).Project(Parse("{students: {$elemMatch: {school: 102}}}")).ToListAsync();

        Assert.Equal(Parse("{_id: 1, students: [{name: 'john', school: 102, age: 10}]}"), docs[0]);
        Assert.Equal(Parse("{_id: 2}"), docs[1]);
    }

    [Fact]
    public async Task Find_ElemMatchWithInclusion_PutsMatchAfterOtherFields()
    {
        var coll = await CollectionWithAsync(Parse("{_id: 1, s: [{v: 1}, {v: 5}], z: 'last'}"));

        var doc = await coll.Find(FilterDefinition<BsonDocument>.Empty).Project(Parse("{s: {$elemMatch: {v: {$gt: 2}}}, z: 1}")).SingleAsync();

        Assert.Equal(Parse("{_id: 1, z: 'last', s: [{v: 5}]}"), doc);
    }

    [Fact]
    public async Task Find_PositionalProjection_ReturnsElementTheQueryMatched()
    {
        var coll = await CollectionWithAsync(Parse("{_id: 1, semester: 1, grades: [70, 87, 90]}"), Parse("{_id: 2, semester: 1, grades: [90, 88, 92]}"));

        var docs = await coll.Find(Parse("{semester: 1, grades: {$gte: 85}}")).Project(Parse("{'grades.$': 1}")).ToListAsync();

        Assert.Equal(Parse("{_id: 1, grades: [87]}"), docs[0]);
        Assert.Equal(Parse("{_id: 2, grades: [90]}"), docs[1]);
    }

    [Fact]
    public async Task Find_PositionalProjectionWithoutMatchedElement_Fails51246()
    {
        var coll = await CollectionWithAsync(Parse("{_id: 1, grades: [70, 87, 90]}"));

        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.Find(Parse("{grades: {$size: 3}}")).Project(Parse("{'grades.$': 1}")).ToListAsync());

        Assert.Equal(51246, error.Code);
    }

    [Fact]
    public async Task FindOneAndUpdate_PositionalProjection_ProjectsReturnedDocument()
    {
        var coll = await CollectionWithAsync(Parse("{_id: 1, items: [{k: 'a', n: 1}, {k: 'b', n: 2}]}"));
        var options = new FindOneAndUpdateOptions<BsonDocument> { Projection = Parse("{'items.$': 1}"), ReturnDocument = ReturnDocument.After };

        var doc = await coll.FindOneAndUpdateAsync(Parse("{'items.k': 'b'}"), Parse("{$inc: {'items.$.n': 10}}"), options);

        Assert.Equal(Parse("{_id: 1, items: [{k: 'b', n: 12}]}"), doc);
    }

    [Theory]
    [InlineData("{comments: {$slice: 'x'}}", 28667)]
    [InlineData("{comments: {$slice: [1, 0]}}", 28724)]
    [InlineData("{'meta.tags': {$elemMatch: {$eq: 'a'}}}", 31275)]
    [InlineData("{'comments.$': 1, 'meta.tags.$': 1}", 31276)]
    [InlineData("{title: 0, 'comments.$': 1}", 31253)]
    [InlineData("{'meta.tags.$': 1}", 31277)]
    [InlineData("{'comments.$': {$slice: 1}}", 31271)]
    [InlineData("{'comments.$': 1, meta: {$elemMatch: {by: 'x'}}}", 31255)]
    [InlineData("{meta: {$elemMatch: {by: 'x'}}, 'comments.$': 1}", 31256)]
    public async Task Find_InvalidProjectionOperator_FailsWithMongodCode(string projection, int code)
    {
        var coll = await CollectionWithAsync(Post);

        var error = await Assert.ThrowsAsync<MongoCommandException>(() =>
            coll.Find(Parse("{comments: 2}")).Project(Parse(projection)).ToListAsync());

        Assert.Equal(code, error.Code);
    }

    private static BsonDocument Parse(string json) => BsonSerializer.Deserialize<BsonDocument>(json);

    private async Task<IMongoCollection<BsonDocument>> CollectionWithAsync(params BsonDocument[] docs)
    {
        var coll = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");
        await coll.InsertManyAsync(docs.Select(d => d.DeepClone().AsBsonDocument));
        return coll;
    }
}
