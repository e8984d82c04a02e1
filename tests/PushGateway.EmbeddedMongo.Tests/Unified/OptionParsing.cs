using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>Turns unified-format option values into the driver's option types.</summary>
internal static class OptionParsing
{
    public static ReadConcern ReadConcern(BsonDocument document) => document.TryGetValue("level", out var level)
        ? new ReadConcern(level.AsString switch
        {
            "local" => ReadConcernLevel.Local,
            "majority" => ReadConcernLevel.Majority,
            "linearizable" => ReadConcernLevel.Linearizable,
            "available" => ReadConcernLevel.Available,
            "snapshot" => ReadConcernLevel.Snapshot,
            var other => throw new UnifiedRunnerException($"readConcern level '{other}'"),
        })
        : MongoDB.Driver.ReadConcern.Default;

    public static WriteConcern WriteConcern(BsonDocument document)
    {
        WriteConcern.WValue? w = document.TryGetValue("w", out var wValue)
            ? wValue.IsString ? new WriteConcern.WMode(wValue.AsString) : new WriteConcern.WCount(wValue.ToInt32())
            : null;
        TimeSpan? timeout = document.TryGetValue("wtimeout", out var t) || document.TryGetValue("wtimeoutMS", out t) ? TimeSpan.FromMilliseconds(t.ToInt64()) : null;
        bool? journal = document.TryGetValue("journal", out var j) ? j.ToBoolean() : null;
        return new WriteConcern(w, timeout, fsync: null, journal);
    }

    public static ReadPreference ReadPreference(BsonDocument document)
    {
        var mode = Enum.Parse<ReadPreferenceMode>(document["mode"].AsString, ignoreCase: true);
        TimeSpan? maxStaleness = document.TryGetValue("maxStalenessSeconds", out var s) ? TimeSpan.FromSeconds(s.ToInt32()) : null;
        return new ReadPreference(mode, tagSets: null, maxStaleness);
    }

    public static Collation Collation(BsonValue value) => MongoDB.Driver.Collation.FromBsonDocument(value.AsBsonDocument);

    public static FilterDefinition<BsonDocument> Filter(BsonValue value) =>
        new BsonDocumentFilterDefinition<BsonDocument>(value.AsBsonDocument);

    public static UpdateDefinition<BsonDocument> Update(BsonValue value) => value is BsonArray stages
        ? new PipelineUpdateDefinition<BsonDocument>(
            new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>(stages.Select(s => s.AsBsonDocument)))
        : new BsonDocumentUpdateDefinition<BsonDocument>(value.AsBsonDocument);

    public static IEnumerable<ArrayFilterDefinition> ArrayFilters(BsonValue value) =>
        value.AsBsonArray.Select(f => (ArrayFilterDefinition)new BsonDocumentArrayFilterDefinition<BsonDocument>(f.AsBsonDocument)).ToList();

    public static IEnumerable<BsonDocument> Stages(BsonValue value) => value.AsBsonArray.Select(s => s.AsBsonDocument).ToList();

    public static ReturnDocument ReturnDocument(BsonValue value) =>
        Enum.Parse<ReturnDocument>(value.AsString, ignoreCase: true);

    public static ChangeStreamFullDocumentOption FullDocument(BsonValue value) => value.AsString switch
    {
        "default" => ChangeStreamFullDocumentOption.Default,
        "updateLookup" => ChangeStreamFullDocumentOption.UpdateLookup,
        "whenAvailable" => ChangeStreamFullDocumentOption.WhenAvailable,
        "required" => ChangeStreamFullDocumentOption.Required,
        var other => throw new UnifiedRunnerException($"fullDocument '{other}'"),
    };

    public static ChangeStreamFullDocumentBeforeChangeOption FullDocumentBeforeChange(BsonValue value) => value.AsString switch
    {
        "off" => ChangeStreamFullDocumentBeforeChangeOption.Off,
        "whenAvailable" => ChangeStreamFullDocumentBeforeChangeOption.WhenAvailable,
        "required" => ChangeStreamFullDocumentBeforeChangeOption.Required,
        var other => throw new UnifiedRunnerException($"fullDocumentBeforeChange '{other}'"),
    };
}
