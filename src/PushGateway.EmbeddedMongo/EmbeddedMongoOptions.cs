namespace PushGateway.EmbeddedMongo;

/// <summary>Settings of the embedded MongoDB-compatible development server.</summary>
public sealed class EmbeddedMongoOptions
{
    /// <summary>Configuration section when the server is embedded in the gateway.</summary>
    public const string SectionName = "EmbeddedMongo";

    /// <summary>TCP port to listen on; 0 picks any free port. Default 27017.</summary>
    public int Port { get; set; } = 27017;

    /// <summary>Address to bind; loopback by default so the server is never reachable from outside.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>Directory for the journal and data files; null or empty keeps everything in memory.</summary>
    public string? DataPath { get; set; }

    /// <summary>Most change events kept for resuming change streams. Default 100,000.</summary>
    public int ChangeLogMaxEvents { get; set; } = 100_000;

    /// <summary>Oldest change event kept for resuming change streams. Default 24 hours.</summary>
    public TimeSpan ChangeLogMaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Journal size in bytes after which a snapshot replaces it (bounds restart time). Default 64 MiB.</summary>
    public long JournalCompactionBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a multi-document transaction may stay open before the server aborts it, like mongod's
    /// <c>transactionLifetimeLimitSeconds</c>. Default 60 seconds; at least 1 second.
    /// </summary>
    public TimeSpan TransactionLifetimeLimit { get; set; } = TimeSpan.FromSeconds(60);
}
