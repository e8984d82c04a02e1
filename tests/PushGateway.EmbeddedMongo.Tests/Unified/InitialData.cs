using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary><c>initialData</c> set-up and <c>outcome</c> checks, both through the internal client.</summary>
internal static class InitialData
{
    public static async Task LoadAsync(IMongoClient client, BsonArray collections)
    {
        foreach (var data in collections.Select(c => c.AsBsonDocument))
        {
            var database = client.GetDatabase(data["databaseName"].AsString).WithWriteConcern(WriteConcern.WMajority);
            var name = data["collectionName"].AsString;
            var documents = data.GetValue("documents", new BsonArray()).AsBsonArray.Select(d => d.AsBsonDocument).ToList();
            await database.DropCollectionAsync(name);
            if (data.TryGetValue("createOptions", out var createOptions))
            {
                var command = new BsonDocument("create", name).AddRange(createOptions.AsBsonDocument);
                command.Add("writeConcern", new BsonDocument("w", "majority"));
                await database.RunCommandAsync<BsonDocument>(command);
            }
            else if (documents.Count == 0)
            {
                await database.CreateCollectionAsync(name);
            }

            if (documents.Count > 0)
            {
                await database.GetCollection<BsonDocument>(name).InsertManyAsync(documents);
            }
        }
    }

    /// <summary>Null when every listed collection holds exactly the expected documents (sorted by _id).</summary>
    public static async Task<string?> CompareAsync(IMongoClient client, BsonArray collections)
    {
        foreach (var data in collections.Select(c => c.AsBsonDocument))
        {
            var collection = client.GetDatabase(data["databaseName"].AsString)
                .GetCollection<BsonDocument>(data["collectionName"].AsString)
                .WithReadPreference(ReadPreference.Primary)
                .WithReadConcern(ReadConcern.Local);
            var actual = await collection.Find(FilterDefinition<BsonDocument>.Empty).Sort(new BsonDocument("_id", 1)).ToListAsync();
            var expected = data["documents"].AsBsonArray;
            var same = actual.Count == expected.Count && expected.Zip(actual).All(p => UnifiedMatcher.ExactlyEqual(p.First, p.Second));
            if (!same)
            {
                return $"{collection.CollectionNamespace}: expected {expected.ToJson()} but found {new BsonArray(actual).ToJson()}";
            }
        }

        return null;
    }
}
