using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests.Storage;

/// <summary>
/// null and missing through arrays, as mongod matches them: <c>{"a.b": null}</c> looks into array
/// elements that are documents only, so <c>a: []</c> and <c>a: [5, {b: 5}]</c> do not match. $ne, $in and
/// $nin are its exact complements and unions, in find, count and $or, with and without an index on a.b.
/// </summary>
[Collection(EmbeddedMongoCollection.Name)]
public sealed class NullQueryTests(MongoTarget target)
{
    private static readonly string[] Documents =
    [
        "{_id: 1, a: [{}]}",
        "{_id: 2, a: [{}, {b: 5}]}",
        "{_id: 3, a: []}",
        "{_id: 4, a: [5, {b: 5}]}",
        "{_id: 5, a: {b: null}}",
        "{_id: 6}",
        "{_id: 7, a: {b: 1}}",
        "{_id: 8, a: [{b: 1}, {b: null}]}",
    ];

    public static TheoryData<string, int[], bool> Cases
    {
        get
        {
            var data = new TheoryData<string, int[], bool>();
            foreach (var indexed in new[] { false, true })
            {
                data.Add("{'a.b': null}", [1, 2, 5, 6, 8], indexed);
                data.Add("{'a.b': {$eq: null}}", [1, 2, 5, 6, 8], indexed);
                data.Add("{'a.b': {$ne: null}}", [3, 4, 7], indexed);
                data.Add("{'a.b': {$in: [null, 1]}}", [1, 2, 5, 6, 7, 8], indexed);
                data.Add("{'a.b': {$in: [null]}}", [1, 2, 5, 6, 8], indexed);
                data.Add("{'a.b': {$nin: [null]}}", [3, 4, 7], indexed);
                data.Add("{$or: [{'a.b': null}, {_id: 7}]}", [1, 2, 5, 6, 7, 8], indexed);
                data.Add("{$or: [{'a.b': {$ne: null}}, {_id: 1}]}", [1, 3, 4, 7], indexed);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FindAndCount_NullThroughArrays_MatchMongod(string filter, int[] expected, bool indexed)
    {
        var coll = target.CreateClient().GetDatabase(MongoTarget.NewDatabaseName()).GetCollection<BsonDocument>("c");
        await coll.InsertManyAsync(Documents.Select(s => BsonSerializer.Deserialize<BsonDocument>(s)));
        if (indexed)
        {
            await coll.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(new BsonDocument("a.b", 1)));
        }

        var query = BsonSerializer.Deserialize<BsonDocument>(filter);
        var found = await coll.Find(query).Sort(new BsonDocument("_id", 1)).ToListAsync();
        var counted = await coll.CountDocumentsAsync(query);
        var countCommand = await coll.Database.RunCommandAsync<BsonDocument>(new BsonDocument { { "count", "c" }, { "query", query } });

        Assert.Equal(expected, found.Select(d => d["_id"].AsInt32));
        Assert.Equal(expected.Length, counted);
        Assert.Equal(expected.Length, countCommand["n"].ToInt32());
    }
}
