using PushGateway.Testing;

namespace PushGateway.Tests;

/// <summary>Integration tests share one MongoDB target (one embedded server per run); each factory uses its own database.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<MongoTarget>
{
    public const string Name = "gateway";
}
