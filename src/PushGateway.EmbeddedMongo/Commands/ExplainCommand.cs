using System.Diagnostics;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Aggregation;
using PushGateway.EmbeddedMongo.Diagnostics;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.EmbeddedMongo.Updates;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>
/// <c>explain</c> of find, aggregate, count, distinct, update, delete and findAndModify (and <c>aggregate</c> with
/// <c>explain: true</c>): mongod's classic-engine shape, with a <c>winningPlan</c> that says what the server really
/// does (IDHACK, FETCH over IXSCAN with the index name, or COLLSCAN) and, from <c>executionStats</c> on, the keys and
/// documents it examined. Nothing is written: updates and deletes are only counted.
/// </summary>
internal static class ExplainCommand
{
    private static readonly HashSet<string> Verbosities = new(StringComparer.Ordinal) { "queryPlanner", "executionStats", "allPlansExecution" };

    public static void Register(Dictionary<string, CommandHandler> handlers) => handlers["explain"] = ExecuteAsync;

    public static ValueTask<BsonDocument> ExecuteAsync(CommandContext ctx)
    {
        if (ctx.Command[0] is not BsonDocument { ElementCount: > 0 } inner)
        {
            throw MongoErrorException.TypeMismatch("explain command requires a nested object");
        }

        var verbosity = ctx.Command.GetValue("verbosity", "allPlansExecution");
        if (!verbosity.IsString || !Verbosities.Contains(verbosity.AsString))
        {
            throw MongoErrorException.BadValue("verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}");
        }

        return ValueTask.FromResult(Explain(ctx, inner, verbosity.AsString));
    }

    /// <summary>Explains <paramref name="inner"/> (a find/aggregate/... command document) at <paramref name="verbosity"/>.</summary>
    public static BsonDocument Explain(CommandContext ctx, BsonDocument inner, string verbosity)
    {
        var name = inner.GetElement(0).Name;
        if (name is not ("find" or "aggregate" or "count" or "distinct" or "update" or "delete" or "findAndModify" or "findandmodify"))
        {
            throw new MongoErrorException(59, "CommandNotFound", $"Explain failed due to unknown command: {name}");
        }

        if (!inner[0].IsString || inner[0].AsString.Length == 0)
        {
            throw new MongoErrorException(73, "InvalidNamespace", $"collection name has invalid type {inner[0].BsonType}");
        }

        var ns = $"{ctx.Database}.{inner[0].AsString}";
        var withStats = verbosity != "queryPlanner";
        var clock = Stopwatch.StartNew();
        BsonDocument reply;
        lock (ctx.Store.Sync)
        {
            var c = ctx.Store.TryGetCollection(ctx.Database, inner[0].AsString);
            reply = name switch
            {
                "find" => Find(c, ns, inner, withStats),
                "aggregate" => Aggregate(ctx, c, ns, inner, withStats),
                "count" => Count(c, ns, inner, withStats),
                "distinct" => Distinct(c, ns, inner, withStats),
                "update" => Update(ctx, c, ns, Single(inner, "updates"), withStats),
                "delete" => Delete(c, ns, Single(inner, "deletes"), withStats),
                _ => FindAndModify(ctx, c, ns, inner, withStats),
            };
        }

        if (reply.GetValue("executionStats", null) is BsonDocument stats)
        {
            stats["executionTimeMillis"] = clock.ElapsedMilliseconds;
            if (verbosity == "allPlansExecution")
            {
                stats["allPlansExecution"] = new BsonArray();
            }
        }

        var command = inner.DeepClone().AsBsonDocument;
        command["$db"] = ctx.Database;
        reply["command"] = command;
        reply["serverInfo"] = new BsonDocument
        {
            { "host", "127.0.0.1" },
            { "port", ctx.Server.Port },
            { "version", HandshakeCommands.Version },
            { "gitVersion", "embedded" },
        };
        return reply;
    }

    private static BsonDocument Find(CollectionState? c, string ns, BsonDocument cmd, bool withStats)
    {
        var filterSpec = Document(cmd, "filter");
        var plan = QueryPlan.Analyze(c, filterSpec, QueryAdapter.ParseFilter(filterSpec));
        var sortSpec = Document(cmd, "sort");
        var skip = cmd.GetValue("skip", 0).ToInt64();
        var limit = Math.Abs(cmd.GetValue("limit", 0).ToInt64());
        var projection = Document(cmd, "projection");
        var returned = (int)Math.Max(0, Math.Min(plan.Matches.Count - skip, limit > 0 ? limit : long.MaxValue));

        var stage = plan.AccessStage(filterSpec, withStats);
        if (sortSpec is { ElementCount: > 0 })
        {
            stage = Wrap("SORT", stage, withStats, plan.Matches.Count, new BsonDocument { { "sortPattern", sortSpec }, { "memLimit", 104857600 }, { "type", "simple" } });
        }

        if (skip > 0)
        {
            stage = Wrap("SKIP", stage, withStats, (int)Math.Max(0, plan.Matches.Count - skip), new BsonDocument("skipAmount", skip));
        }

        if (limit > 0)
        {
            stage = Wrap("LIMIT", stage, withStats, returned, new BsonDocument("limitAmount", limit));
        }

        if (projection is { ElementCount: > 0 })
        {
            stage = Wrap("PROJECTION_DEFAULT", stage, withStats, returned, new BsonDocument("transformBy", projection));
        }

        return Shape(ns, filterSpec, plan, stage, withStats, returned);
    }

    private static BsonDocument Count(CollectionState? c, string ns, BsonDocument cmd, bool withStats)
    {
        var filterSpec = Document(cmd, "query");
        var plan = QueryPlan.Analyze(c, filterSpec, QueryAdapter.ParseFilter(filterSpec));
        var skip = cmd.GetValue("skip", 0).ToInt64();
        var limit = Math.Abs(cmd.GetValue("limit", 0).ToInt64());
        var counted = Math.Max(0, Math.Min(plan.Matches.Count - skip, limit > 0 ? limit : long.MaxValue));
        var stage = new BsonDocument("stage", "COUNT");
        if (withStats)
        {
            stage["nReturned"] = 0;
            stage["nCounted"] = counted;
            stage["nSkipped"] = Math.Min(skip, plan.Matches.Count);
        }

        stage["inputStage"] = plan.AccessStage(filterSpec, withStats);
        return Shape(ns, filterSpec, plan, stage, withStats, 0);
    }

    private static BsonDocument Distinct(CollectionState? c, string ns, BsonDocument cmd, bool withStats)
    {
        var filterSpec = Document(cmd, "query");
        var plan = QueryPlan.Analyze(c, filterSpec, QueryAdapter.ParseFilter(filterSpec));
        var key = cmd.GetValue("key", "").ToString()!;
        var stage = Wrap("PROJECTION_SIMPLE", plan.AccessStage(filterSpec, withStats), withStats, plan.Matches.Count, new BsonDocument("transformBy", new BsonDocument { { key, 1 }, { "_id", 0 } }));
        return Shape(ns, filterSpec, plan, stage, withStats, plan.Matches.Count);
    }

    private static BsonDocument Update(CommandContext ctx, CollectionState? c, string ns, BsonDocument statement, bool withStats)
    {
        var filterSpec = Document(statement, "q");
        var filter = QueryAdapter.ParseFilter(filterSpec);
        var applier = UpdateApplier.Parse(statement.GetValue("u", BsonNull.Value), statement.GetValue("arrayFilters", BsonNull.Value) as BsonArray);
        var plan = QueryPlan.Analyze(c, filterSpec, filter);
        var multi = statement.GetValue("multi", false).ToBoolean();
        return Shape(ns, filterSpec, plan, UpdateStage(ctx, plan, filterSpec, filter, applier, multi, statement.GetValue("upsert", false).ToBoolean(), withStats), withStats, 0);
    }

    private static BsonDocument Delete(CollectionState? c, string ns, BsonDocument statement, bool withStats)
    {
        var filterSpec = Document(statement, "q");
        var plan = QueryPlan.Analyze(c, filterSpec, QueryAdapter.ParseFilter(filterSpec));
        var deleted = statement.GetValue("limit", 0).ToInt32() == 1 ? Math.Min(1, plan.Matches.Count) : plan.Matches.Count;
        return Shape(ns, filterSpec, plan, DeleteStage(plan, filterSpec, deleted, withStats), withStats, 0);
    }

    private static BsonDocument FindAndModify(CommandContext ctx, CollectionState? c, string ns, BsonDocument cmd, bool withStats)
    {
        var filterSpec = Document(cmd, "query");
        var filter = QueryAdapter.ParseFilter(filterSpec);
        var plan = QueryPlan.Analyze(c, filterSpec, filter);
        var stage = cmd.GetValue("remove", false).ToBoolean()
            ? DeleteStage(plan, filterSpec, Math.Min(1, plan.Matches.Count), withStats)
            : UpdateStage(ctx, plan, filterSpec, filter, UpdateApplier.Parse(cmd.GetValue("update", BsonNull.Value), cmd.GetValue("arrayFilters", BsonNull.Value) as BsonArray), false, cmd.GetValue("upsert", false).ToBoolean(), withStats);
        return Shape(ns, filterSpec, plan, stage, withStats, 0);
    }

    private static BsonDocument Aggregate(CommandContext ctx, CollectionState? c, string ns, BsonDocument cmd, bool withStats)
    {
        if (cmd.GetValue("pipeline", BsonNull.Value) is not BsonArray pipeline)
        {
            throw MongoErrorException.TypeMismatch("'pipeline' option must be specified as an array");
        }

        var leadingMatch = pipeline.Count > 0 && pipeline[0] is BsonDocument { ElementCount: 1 } first && first.GetElement(0) is { Name: "$match", Value: BsonDocument match } ? match : null;
        var plan = QueryPlan.Analyze(c, leadingMatch, QueryAdapter.ParseFilter(leadingMatch));
        var rest = pipeline.Skip(leadingMatch is null ? 0 : 1).Select(s => s.AsBsonDocument).ToList();
        if (rest.Count == 0)
        {
            return Shape(ns, leadingMatch, plan, plan.AccessStage(leadingMatch, withStats), withStats, plan.Matches.Count);
        }

        var cursorStage = Shape(ns, leadingMatch, plan, plan.AccessStage(leadingMatch, withStats), withStats, plan.Matches.Count);
        var stages = new BsonArray { new BsonDocument("$cursor", cursorStage) };
        IEnumerable<BsonDocument> results = plan.Matches.Select(m => m.Value).ToList();
        foreach (var stage in rest)
        {
            var explained = stage.DeepClone().AsBsonDocument;
            if (withStats)
            {
                results = Stages.Apply(results, stage, coll => ctx.Store.TryGetCollection(ctx.Database, coll)?.Documents.ToList() ?? []).ToList();
                explained["nReturned"] = (long)((List<BsonDocument>)results).Count;
                explained["executionTimeMillisEstimate"] = 0L;
            }

            stages.Add(explained);
        }

        return new BsonDocument { { "explainVersion", "1" }, { "stages", stages } };
    }

    private static BsonDocument UpdateStage(CommandContext ctx, QueryPlan plan, BsonDocument? filterSpec, PushGateway.Query.Filter filter, UpdateApplier applier, bool multi, bool upsert, bool withStats)
    {
        var stage = new BsonDocument("stage", "UPDATE");
        if (withStats)
        {
            var matched = plan.Matches.Take(multi ? int.MaxValue : 1).ToList();
            stage["nReturned"] = 0;
            stage["nMatched"] = matched.Count;
            stage["nWouldModify"] = matched.Count(m => !UpdateDescriptionBuilder.Same(m.Value, applier.Apply(m.Value, false, filter, ctx.Store.Clock).Document));
            stage["nWouldUpsert"] = upsert && matched.Count == 0 ? 1 : 0;
        }

        stage["inputStage"] = plan.AccessStage(filterSpec, withStats);
        return stage;
    }

    private static BsonDocument DeleteStage(QueryPlan plan, BsonDocument? filterSpec, int deleted, bool withStats)
    {
        var stage = new BsonDocument("stage", "DELETE");
        if (withStats)
        {
            stage["nReturned"] = 0;
            stage["nWouldDelete"] = deleted;
        }

        stage["inputStage"] = plan.AccessStage(filterSpec, withStats);
        return stage;
    }

    private static BsonDocument Wrap(string name, BsonDocument input, bool withStats, int nReturned, BsonDocument fields)
    {
        var stage = new BsonDocument("stage", name);
        stage.AddRange(fields);
        if (withStats)
        {
            stage["nReturned"] = nReturned;
        }

        stage["inputStage"] = input;
        return stage;
    }

    /// <summary>The <c>{explainVersion, queryPlanner, executionStats?}</c> document around a winning plan.</summary>
    private static BsonDocument Shape(string ns, BsonDocument? filterSpec, QueryPlan plan, BsonDocument winningPlan, bool withStats, int nReturned)
    {
        var reply = new BsonDocument
        {
            { "explainVersion", "1" },
            {
                "queryPlanner", new BsonDocument
                {
                    { "namespace", ns },
                    { "indexFilterSet", false },
                    { "parsedQuery", filterSpec ?? [] },
                    { "maxIndexedOrSolutionsReached", false },
                    { "maxIndexedAndSolutionsReached", false },
                    { "maxScansToExplodeReached", false },
                    { "winningPlan", StripStats(winningPlan) },
                    { "rejectedPlans", new BsonArray() },
                }
            },
        };
        if (withStats)
        {
            reply["executionStats"] = new BsonDocument
            {
                { "executionSuccess", true },
                { "nReturned", nReturned },
                { "executionTimeMillis", 0L },
                { "totalKeysExamined", plan.KeysExamined },
                { "totalDocsExamined", plan.DocsExamined },
                { "executionStages", winningPlan },
            };
        }

        return reply;
    }

    private static readonly HashSet<string> StatFields = new(StringComparer.Ordinal)
    {
        "nReturned", "keysExamined", "docsExamined", "nCounted", "nSkipped", "nMatched", "nWouldModify", "nWouldUpsert", "nWouldDelete",
    };

    private static BsonDocument StripStats(BsonDocument stage)
    {
        var copy = new BsonDocument(stage.Where(e => !StatFields.Contains(e.Name)));
        if (copy.GetValue("inputStage", null) is BsonDocument input)
        {
            copy["inputStage"] = StripStats(input);
        }

        return copy;
    }

    private static BsonDocument? Document(BsonDocument cmd, string name) =>
        cmd.TryGetValue(name, out var v) && !v.IsBsonNull
            ? v as BsonDocument ?? throw MongoErrorException.TypeMismatch($"BSON field '{name}' is the wrong type '{v.BsonType}', expected type 'object'")
            : null;

    private static BsonDocument Single(BsonDocument cmd, string field) =>
        cmd.GetValue(field, BsonNull.Value) is BsonArray { Count: 1 } statements && statements[0] is BsonDocument statement
            ? statement
            : throw MongoErrorException.FailedToParse($"explained {cmd.GetElement(0).Name} must contain exactly one statement in '{field}'");
}
