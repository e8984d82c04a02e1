using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>hello/isMaster, ping, buildInfo and other server-level commands.</summary>
internal static class HandshakeCommands
{
    public const string Version = "7.0.14";

    public static void Register(Dictionary<string, CommandHandler> handlers)
    {
        handlers["hello"] = ctx => ValueTask.FromResult(Hello(ctx, legacy: false));
        handlers["isMaster"] = ctx => ValueTask.FromResult(Hello(ctx, legacy: true));
        handlers["ismaster"] = handlers["isMaster"];
        handlers["ping"] = _ => ValueTask.FromResult(new BsonDocument());
        handlers["buildInfo"] = _ => ValueTask.FromResult(BuildInfo());
        handlers["buildinfo"] = handlers["buildInfo"];
        handlers["whatsmyuri"] = _ => ValueTask.FromResult(new BsonDocument("you", "127.0.0.1:0"));
        handlers["getParameter"] = _ => ValueTask.FromResult(new BsonDocument("featureCompatibilityVersion", new BsonDocument("version", "7.0")));
        handlers["getCmdLineOpts"] = _ => ValueTask.FromResult(new BsonDocument { { "argv", new BsonArray { "mongod", "--replSet", "rs0" } }, { "parsed", new BsonDocument("replication", new BsonDocument("replSet", "rs0")) } });
        handlers["hostInfo"] = _ => ValueTask.FromResult(new BsonDocument("system", new BsonDocument { { "hostname", "127.0.0.1" }, { "numCores", Environment.ProcessorCount } }));
        handlers["connectionStatus"] = _ => ValueTask.FromResult(new BsonDocument("authInfo", new BsonDocument { { "authenticatedUsers", new BsonArray() }, { "authenticatedUserRoles", new BsonArray() } }));
        handlers["replSetGetStatus"] = ReplSetGetStatus;
        handlers["serverStatus"] = ServerStatus;
        handlers["endSessions"] = EndSessions;
        handlers["killAllSessions"] = KillAllSessions;
        handlers["killAllSessionsByPattern"] = KillAllSessions;
        handlers["refreshSessions"] = _ => ValueTask.FromResult(new BsonDocument());
        handlers["startSession"] = StartSession;
        handlers["configureFailPoint"] = ctx => ValueTask.FromResult(ctx.Server.FailPoints.Configure(ctx.Command));
        handlers["getLastError"] = _ => ValueTask.FromResult(new BsonDocument { { "n", 0 }, { "err", BsonNull.Value } });
    }

    private static BsonDocument Hello(CommandContext ctx, bool legacy)
    {
        if (ctx.Command.TryGetValue("client", out var client) && client is BsonDocument c
            && c.TryGetValue("application", out var app) && app is BsonDocument a && a.TryGetValue("name", out var name))
        {
            ctx.Connection.AppName = name.AsString;
        }

        var host = ctx.Connection.HostAndPort;
        var reply = new BsonDocument
        {
            { legacy ? "ismaster" : "isWritablePrimary", true },
            { "helloOk", true },
            { "setName", "rs0" },
            { "setVersion", 1 },
            { "hosts", new BsonArray { host } },
            { "primary", host },
            { "me", host },
            { "secondary", false },
            { "electionId", new ObjectId("7fffffff0000000000000001") },
            { "maxBsonObjectSize", 16 * 1024 * 1024 },
            { "maxMessageSizeBytes", 48_000_000 },
            { "maxWriteBatchSize", 100_000 },
            { "localTime", ctx.Server.Clock.Now() },
            { "logicalSessionTimeoutMinutes", 30 },
            { "connectionId", (int)ctx.Connection.Id },
            { "minWireVersion", 0 },
            { "maxWireVersion", 21 },
            { "readOnly", false },
        };

        // Deliberately no topologyVersion (it switches the driver to streaming monitoring) and no
        // compression (so OP_COMPRESSED never arrives).
        var opTime = new BsonDocument { { "ts", ctx.Server.Clock.Current }, { "t", 1L } };
        reply["lastWrite"] = new BsonDocument { { "opTime", opTime }, { "lastWriteDate", ctx.Server.Clock.Now() }, { "majorityOpTime", opTime }, { "majorityWriteDate", ctx.Server.Clock.Now() } };
        return reply;
    }

    private static BsonDocument BuildInfo() => new()
    {
        { "version", Version },
        { "gitVersion", "pushgateway-embedded" },
        { "versionArray", new BsonArray { 7, 0, 14, 0 } },
        { "bits", 64 },
        { "debug", false },
        { "maxBsonObjectSize", 16 * 1024 * 1024 },
        { "storageEngines", new BsonArray { "embedded" } },
        { "modules", new BsonArray() },
    };

    private static ValueTask<BsonDocument> ServerStatus(CommandContext ctx)
    {
        var server = ctx.Server;
        var uptime = (server.TimeProvider.GetUtcNow().UtcDateTime - server.StartedAt).TotalSeconds;
        return ValueTask.FromResult(new BsonDocument
        {
            { "host", ctx.Connection.HostAndPort },
            { "version", Version },
            { "process", "mongod" },
            { "pid", (long)Environment.ProcessId },
            { "uptime", Math.Floor(uptime) },
            { "uptimeMillis", (long)(uptime * 1000) },
            { "localTime", server.Clock.Now() },
            { "connections", new BsonDocument { { "current", server.ConnectionsCurrent }, { "available", 100_000 - server.ConnectionsCurrent }, { "totalCreated", server.ConnectionsTotal } } },
            { "metrics", new BsonDocument("cursor", new BsonDocument("open", new BsonDocument { { "total", (long)server.Cursors.OpenCount }, { "noTimeout", 0L }, { "pinned", 0L } })) },
            { "repl", new BsonDocument { { "setName", "rs0" }, { "isWritablePrimary", true }, { "primary", ctx.Connection.HostAndPort } } },
            { "storageEngine", new BsonDocument { { "name", "embedded" }, { "persistent", !string.IsNullOrEmpty(server.Options.DataPath) } } },
        });
    }

    private static ValueTask<BsonDocument> ReplSetGetStatus(CommandContext ctx) => ValueTask.FromResult(new BsonDocument
    {
        { "set", "rs0" },
        { "myState", 1 },
        { "members", new BsonArray { new BsonDocument { { "_id", 0 }, { "name", ctx.Connection.HostAndPort }, { "health", 1.0 }, { "state", 1 }, { "stateStr", "PRIMARY" }, { "self", true } } } },
    });

    private static ValueTask<BsonDocument> StartSession(CommandContext ctx) => ValueTask.FromResult(new BsonDocument
    {
        { "id", new BsonDocument("id", new BsonBinaryData(Guid.NewGuid(), GuidRepresentation.Standard)) },
        { "timeoutMinutes", 30 },
    });

    private static ValueTask<BsonDocument> KillAllSessions(CommandContext ctx)
    {
        ctx.Server.Transactions.KillAll();
        return ValueTask.FromResult(new BsonDocument());
    }

    private static ValueTask<BsonDocument> EndSessions(CommandContext ctx)
    {
        if (ctx.Command[0] is BsonArray sessions)
        {
            foreach (var session in sessions.OfType<BsonDocument>())
            {
                if (session.TryGetValue("id", out var id) && id is BsonBinaryData bin)
                {
                    ctx.Server.RetryCache.ForgetSession(Convert.ToHexString(bin.Bytes));
                    ctx.Server.Transactions.EndSession(Convert.ToHexString(bin.Bytes));
                }
            }
        }

        return ValueTask.FromResult(new BsonDocument());
    }
}
