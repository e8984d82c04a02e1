namespace PushGateway.Mongo;

/// <summary>
/// The connection string in use: the configured one, or the embedded server's once it has started.
/// Hosted services start before the first client is created, so readers never see it unset.
/// </summary>
public sealed class MongoEndpoint
{
    private string? _connectionString;

    /// <summary>True when the gateway runs its own embedded development server.</summary>
    public bool IsEmbedded { get; private set; }

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The MongoDB endpoint is not known yet: the embedded server has not started.");

    internal void Set(string connectionString, bool embedded)
    {
        _connectionString = connectionString;
        IsEmbedded = embedded;
    }
}
