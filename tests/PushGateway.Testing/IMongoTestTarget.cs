using MongoDB.Driver;

namespace PushGateway.Testing;

/// <summary>
/// A MongoDB deployment tests can run against. Two implementations: <see cref="MongoTarget"/> (external replica set or
/// the embedded server) and <see cref="MongoContainerTarget"/> (a real <c>mongo:7</c> replica set in Docker), so the
/// same test body proves the embedded server and real mongod agree.
/// </summary>
public interface IMongoTestTarget
{
    /// <summary>Connection string of the target, with test-friendly options added.</summary>
    string ConnectionString { get; }

    /// <summary>True when the tests run against a real MongoDB rather than the embedded server.</summary>
    bool IsExternal { get; }

    /// <summary>Why this target cannot be used here (for <c>Skip.If</c>); null when it is ready.</summary>
    string? UnavailableReason { get; }

    /// <summary>Short human-readable name of the target, for test output.</summary>
    string Description { get; }

    /// <summary>A client that is disposed (cluster included) with the fixture.</summary>
    IMongoClient CreateClient();
}
