using System.ComponentModel.DataAnnotations;

namespace PushGateway.Mongo;

/// <summary>Where the gateway's MongoDB is.</summary>
public sealed class MongoOptions
{
    public const string SectionName = "Mongo";

    /// <summary>A MongoDB connection string (a replica set: change streams need one). Empty: start the embedded development server.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Database for the gateway's own state (subscriptions, outbox, checkpoints). Default <c>pushgateway</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@"^[^/\\. ""$*<>:|?]{1,63}$", ErrorMessage = "Mongo:Database must be a valid MongoDB database name.")]
    public string Database { get; set; } = "pushgateway";

    /// <summary>
    /// How long an operation waits for a reachable MongoDB server before it fails (API calls then answer 503). Default
    /// 5 seconds (the driver's own default is 30). A <c>serverSelectionTimeoutMS</c> in the connection string wins.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Mongo:ServerSelectionTimeout must be between 00:00:00.100 and 00:05:00.")]
    public TimeSpan ServerSelectionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Lets the Production environment run on the embedded development server when <see cref="ConnectionString"/> is
    /// empty. Default false: Production refuses to start, because that server is not a production database (in memory
    /// unless <c>EmbeddedMongo:DataPath</c> is set, so subscriptions and queued deliveries are lost at restart).
    /// </summary>
    public bool AllowEmbeddedInProduction { get; set; }
}
