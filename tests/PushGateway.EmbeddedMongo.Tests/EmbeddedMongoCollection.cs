using PushGateway.Testing;

namespace PushGateway.EmbeddedMongo.Tests;

/// <summary>One server (or external replica set) shared by the server's own tests; each test uses its own database.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedMongoCollection : ICollectionFixture<MongoTarget>
{
    public const string Name = "EmbeddedMongo";
}
