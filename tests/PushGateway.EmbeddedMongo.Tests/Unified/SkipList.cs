using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// Spec tests deliberately not run, each with a one-line reason: <c>out of scope: ...</c> (a feature the embedded
/// development server does not offer), <c>driver: ...</c> (MongoDB.Driver cannot express what the test needs), or
/// <c>server gap: ...</c> (the server should do it but does not yet). A test that is not listed here and fails, fails
/// the build; a key that no longer names an existing test or a used feature fails <see cref="SkipListTests"/>.
/// </summary>
internal static class SkipList
{
    private const string PartialBulkResult =
        "driver: after retries end in a network error MongoDB.Driver raises MongoConnectionException, without the partial BulkWriteResult the test expects";

    /// <summary>Keys: <c>folder/file</c> (the whole file) or <c>folder/file: description</c> (one test).</summary>
    public static readonly IReadOnlyDictionary<string, string> Tests = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["crud/aggregate-merge"] = "out of scope: $merge stage",
        ["crud/aggregate-merge-errorResponse"] = "out of scope: $merge stage",
        ["crud/aggregate-out"] = "out of scope: $out stage",
        ["crud/aggregate-out-readConcern"] = "out of scope: $out stage",
        ["crud/aggregate-write-readPreference"] = "out of scope: $out/$merge stages",
        ["crud/db-aggregate-write-readPreference"] = "out of scope: $out/$merge stages",
        ["retryable-writes/aggregate-out-merge"] = "out of scope: $out/$merge stages",
        ["crud/bypassDocumentValidation: Aggregate with $out passes bypassDocumentValidation: false"] = "out of scope: $out stage",
        ["crud/db-aggregate"] = "out of scope: database-level aggregate other than $changeStream ($listLocalSessions)",
        ["crud/findOneAndDelete-hint-unacknowledged"] = "out of scope: unacknowledged (w:0) findAndModify",
        ["crud/findOneAndReplace-hint-unacknowledged"] = "out of scope: unacknowledged (w:0) findAndModify",
        ["crud/findOneAndUpdate-hint-unacknowledged"] = "out of scope: unacknowledged (w:0) findAndModify",
        ["crud/estimatedDocumentCount: estimatedDocumentCount works correctly on views"] = "out of scope: views",
        ["change-streams/change-streams-showExpandedEvents: when showExpandedEvents is true, create events on views are reported"] = "out of scope: views",
        ["retryable-writes/bulkWrite: First insertOne is never committed"] = PartialBulkResult,
        ["retryable-writes/bulkWrite: Second updateOne is never committed"] = PartialBulkResult,
        ["retryable-writes/bulkWrite: Third updateOne is never committed"] = PartialBulkResult,
    };

    /// <summary>
    /// Keys: <c>operation:&lt;name&gt;</c>, <c>argument:&lt;name&gt;</c>, <c>failPoint:&lt;name&gt;</c>, matched
    /// against what a test uses (<see cref="TestFeatures"/>), for reasons that apply wherever the feature appears.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Features = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["argument:collation"] = "out of scope: collation (only the simple binary collation is supported)",
        ["argument:let"] = "out of scope: let variables ($expr and $$variables in queries)",
        ["argument:rawData"] = "driver: MongoDB.Driver 3.14 has no rawData option",
    };

    /// <summary>Why the test is skipped, or null when it must run.</summary>
    public static string? Reason(UnifiedTestCase test, BsonDocument spec) =>
        Tests.TryGetValue(test.FileKey, out var fileReason) ? fileReason
        : Tests.TryGetValue(test.ToString(), out var testReason) ? testReason
        : TestFeatures.Of(spec).Select(f => Features.GetValueOrDefault(f)).FirstOrDefault(r => r is not null);
}
