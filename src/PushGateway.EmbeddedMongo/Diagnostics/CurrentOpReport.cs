using MongoDB.Bson;
using PushGateway.EmbeddedMongo.ChangeStreams;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Sessions;

namespace PushGateway.EmbeddedMongo.Diagnostics;

/// <summary>
/// The documents of <c>$currentOp</c> and <c>currentOp</c>: commands in flight (a change stream waiting in getMore
/// included), and on request idle cursors (change streams among them, as tailable awaitData cursors) and idle
/// sessions holding an open transaction. Fields and types as mongod 7.0 reports them.
/// </summary>
internal static class CurrentOpReport
{
    private static readonly HashSet<string> Options = new(StringComparer.Ordinal)
    {
        "allUsers", "idleConnections", "idleCursors", "idleSessions", "localOps", "truncateOps", "backtrace", "targetAllNodes",
    };

    public static List<BsonDocument> Build(CommandContext ctx, BsonDocument options)
    {
        foreach (var element in options)
        {
            if (!Options.Contains(element.Name))
            {
                throw new MongoErrorException(40415, "Location40415", $"BSON field '$currentOp.{element.Name}' is an unknown field.");
            }
        }

        var server = ctx.Server;
        var host = $"127.0.0.1:{server.Port}";
        var now = server.TimeProvider.GetUtcNow().UtcDateTime;
        var result = new List<BsonDocument>();
        foreach (var op in server.Operations.Active)
        {
            var elapsed = server.TimeProvider.GetElapsedTime(op.StartedTimestamp);
            var doc = new BsonDocument
            {
                { "type", "op" },
                { "host", host },
                { "desc", $"conn{op.ConnectionId}" },
                { "connectionId", op.ConnectionId },
                { "client", op.Client },
            };
            if (op.AppName is not null)
            {
                doc["appName"] = op.AppName;
            }

            doc.AddRange(new BsonDocument
            {
                { "active", true },
                { "currentOpTime", now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture) },
                { "opid", op.OpId },
                { "secs_running", (long)elapsed.TotalSeconds },
                { "microsecs_running", (long)elapsed.TotalMicroseconds },
                { "op", op.Kind },
                { "ns", op.Namespace },
                { "command", op.Command },
                { "numYields", 0 },
                { "locks", new BsonDocument() },
                { "waitingForLock", false },
            });
            if (op.Command.GetValue("lsid", null) is BsonDocument lsid)
            {
                doc["lsid"] = lsid;
            }

            result.Add(doc);
        }

        if (options.GetValue("idleCursors", false).ToBoolean())
        {
            foreach (var cursor in server.Cursors.All.Where(c => !c.InUse).OrderBy(c => c.Id))
            {
                var changeStream = cursor is ChangeStreamCursor;
                result.Add(new BsonDocument
                {
                    { "type", "idleCursor" },
                    { "host", host },
                    { "ns", cursor.Namespace },
                    {
                        "cursor", new BsonDocument
                        {
                            { "cursorId", cursor.Id },
                            { "lastAccessDate", now - server.TimeProvider.GetElapsedTime(cursor.LastUsedTimestamp) },
                            { "tailable", changeStream },
                            { "awaitData", changeStream },
                            { "noCursorTimeout", false },
                        }
                    },
                });
            }
        }

        if (options.GetValue("idleSessions", true).ToBoolean())
        {
            foreach (var txn in server.Transactions.Open())
            {
                result.Add(IdleSession(host, now, txn, server.Transactions.LifetimeLimit));
            }
        }

        return result;
    }

    private static BsonDocument IdleSession(string host, DateTime now, Transaction txn, TimeSpan limit) => new()
    {
        { "type", "idleSession" },
        { "host", host },
        { "desc", "inactive transaction" },
        { "lsid", txn.Lsid },
        {
            "transaction", new BsonDocument
            {
                { "parameters", new BsonDocument { { "txnNumber", txn.TxnNumber }, { "autocommit", false } } },
                { "startWallClockTime", txn.StartedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture) },
                { "timeOpenMicros", (long)(now - txn.StartedAt).TotalMicroseconds },
                { "expiryTime", txn.StartedAt + limit },
            }
        },
        { "active", false },
    };
}
