using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Diagnostics;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary><c>validate</c> (documents against indexes and validator) and the <c>currentOp</c> command.</summary>
internal static class DiagnosticCommands
{
    private static readonly HashSet<string> CurrentOpFields = new(StringComparer.Ordinal)
    {
        "currentOp", "$all", "$ownOps", "$truncateOps", "$db", "lsid", "$clusterTime", "$readPreference", "apiVersion", "apiStrict", "apiDeprecationErrors", "comment",
    };

    public static void Register(Dictionary<string, CommandHandler> handlers)
    {
        handlers["validate"] = Validate;
        handlers["currentOp"] = CurrentOp;
        handlers["collStats"] = CollStatsCommand;
    }

    /// <summary>
    /// <c>{currentOp: 1, $all?, ...filter}</c> → <c>{inprog: [...]}</c>: the same report as <c>$currentOp</c>, where
    /// <c>$all</c> adds idle cursors and sessions, and any other field filters the entries.
    /// </summary>
    private static ValueTask<BsonDocument> CurrentOp(CommandContext ctx)
    {
        if (ctx.Database != "admin")
        {
            throw new MongoErrorException(13, "Unauthorized", "currentOp may only be run against the admin database.");
        }

        var all = ctx.Flag("$all");
        var filter = QueryAdapter.ParseFilter(new BsonDocument(ctx.Command.Where(e => !CurrentOpFields.Contains(e.Name))));
        var report = CurrentOpReport.Build(ctx, new BsonDocument { { "idleCursors", all }, { "idleSessions", all }, { "idleConnections", all } });
        return ValueTask.FromResult(new BsonDocument("inprog", new BsonArray(report.Where(filter.Matches))));
    }

    /// <summary>The deprecated <c>collStats</c> command (older tools still call it): <c>$collStats.storageStats</c> plus <c>ns</c>.</summary>
    private static ValueTask<BsonDocument> CollStatsCommand(CommandContext ctx)
    {
        var scale = ctx.OptionalInt64("scale") ?? 1;
        if (scale < 1)
        {
            throw MongoErrorException.BadValue("BSON field 'scale' value must be >= 1, actual value '" + scale + "'");
        }

        var reply = new BsonDocument("ns", ctx.Namespace);
        reply.AddRange(CollStats.StorageStats(ctx, scale));
        return ValueTask.FromResult(reply);
    }

    /// <summary>
    /// Checks every document against every index (each key present and pointing back at it, no extra entries in
    /// unique indexes) and against the collection's validator, and reports as mongod's <c>validate</c> does.
    /// </summary>
    private static ValueTask<BsonDocument> Validate(CommandContext ctx)
    {
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, ctx.CollectionName)
                ?? throw new MongoErrorException(26, "NamespaceNotFound", $"Collection '{ctx.Namespace}' does not exist to validate.");
            var errors = new BsonArray();
            var warnings = new BsonArray();
            var missing = new BsonArray();
            var keysPerIndex = new BsonDocument();
            var indexDetails = new BsonDocument();
            foreach (var index in c.Indexes)
            {
                long keys = 0;
                var valid = true;
                foreach (var (recordId, doc) in c.Scan())
                {
                    foreach (var key in index.EntryKeysOf(doc))
                    {
                        keys++;
                        if (index.Entries is not null && (!index.Entries.TryGetValue(key, out var owner) || owner != recordId))
                        {
                            valid = false;
                            missing.Add(new BsonDocument { { "indexName", index.Name }, { "recordId", recordId }, { "key", index.KeyArray(key) } });
                        }
                    }
                }

                if (index.Entries is not null && index.Entries.Count != keys)
                {
                    valid = false;
                    errors.Add($"index {index.Name} has {index.Entries.Count} entries for {keys} keys");
                }

                keysPerIndex[index.Name] = keys;
                indexDetails[index.Name] = new BsonDocument("valid", valid);
            }

            var nonCompliant = c.Documents.Count(d => !Complies(c, d));
            if (nonCompliant > 0)
            {
                warnings.Add($"Detected one or more documents not compliant with the collection's schema. Check logs for log id 5363500.");
            }

            if (missing.Count > 0)
            {
                errors.Add($"Detected {missing.Count} missing index entries.");
            }

            return ValueTask.FromResult(new BsonDocument
            {
                { "ns", ctx.Namespace },
                { "uuid", new BsonBinaryData(c.Uuid, GuidRepresentation.Standard) },
                { "nInvalidDocuments", 0 },
                { "nNonCompliantDocuments", nonCompliant },
                { "nrecords", c.Count },
                { "nIndexes", c.Indexes.Count },
                { "keysPerIndex", keysPerIndex },
                { "indexDetails", indexDetails },
                { "valid", errors.Count == 0 },
                { "repaired", false },
                { "warnings", warnings },
                { "errors", errors },
                { "extraIndexEntries", new BsonArray() },
                { "missingIndexEntries", missing },
                { "corruptRecords", new BsonArray() },
            });
        }
    }

    private static bool Complies(CollectionState c, BsonDocument doc)
    {
        try
        {
            DocumentValidation.Check(c, doc, bypass: false);
            return true;
        }
        catch (MongoErrorException error) when (error.Code == 121)
        {
            return false;
        }
    }
}
