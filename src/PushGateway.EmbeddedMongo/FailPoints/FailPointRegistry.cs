using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.FailPoints;

/// <summary>
/// The configured fail points (<c>failCommand</c>, <c>failGetMoreAfterCursorCheckout</c>) and the
/// error labels mongod attaches to the errors they inject.
/// </summary>
internal sealed class FailPointRegistry
{
    public const string FailCommand = "failCommand";
    public const string FailGetMoreAfterCursorCheckout = "failGetMoreAfterCursorCheckout";
    public const string OnPrimaryTransactionalWrite = "onPrimaryTransactionalWrite";

    /// <summary>Codes for which mongod labels a retryable write's error <c>RetryableWriteError</c>.</summary>
    public static readonly HashSet<int> RetryableWriteCodes = [6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436];

    /// <summary>Codes for which a change stream getMore error is labelled <c>ResumableChangeStreamError</c>.</summary>
    public static readonly HashSet<int> ResumableChangeStreamCodes = [6, 7, 43, 63, 89, 91, 133, 150, 189, 234, 262, 9001, 10107, 11600, 11602, 13388, 13435, 13436];

    private readonly Lock _sync = new();
    private readonly Dictionary<string, FailPoint> _points = new(StringComparer.Ordinal);

    public BsonDocument Configure(BsonDocument command)
    {
        var name = command["configureFailPoint"].AsString;
        if (name is not FailCommand and not FailGetMoreAfterCursorCheckout and not OnPrimaryTransactionalWrite)
        {
            throw MongoErrorException.BadValue($"Cannot find fail point {name}");
        }

        var mode = command.GetValue("mode", "off");
        var data = command.GetValue("data", new BsonDocument()).AsBsonDocument;
        FailPoint? point = mode switch
        {
            BsonString { Value: "off" } => null,
            BsonString { Value: "alwaysOn" } => new FailPoint(name, data, null, 0, true),
            BsonDocument d when d.Contains("times") => new FailPoint(name, data, d["times"].ToInt64(), 0, false),
            BsonDocument d when d.Contains("skip") => new FailPoint(name, data, null, d["skip"].ToInt64(), true),
            BsonDocument d when d.Contains("activationProbability") => new FailPoint(name, data, null, 0, true),
            _ => throw MongoErrorException.BadValue("mode must be off, alwaysOn, {times: n}, {skip: n}"),
        };

        lock (_sync)
        {
            var count = _points.ContainsKey(name) ? 1 : 0;
            if (point is null)
            {
                _points.Remove(name);
            }
            else
            {
                _points[name] = point;
            }

            return new BsonDocument("count", count);
        }
    }

    /// <summary>The failCommand data to apply to this command, consuming one activation, or null.</summary>
    public BsonDocument? MatchFailCommand(string commandName, string? appName)
    {
        lock (_sync)
        {
            if (_points.Count == 0 || !_points.TryGetValue(FailCommand, out var point) || !point.IsActive)
            {
                return null;
            }

            var commands = point.Data.GetValue("failCommands", new BsonArray()).AsBsonArray;
            if (!commands.Any(c => c.IsString && c.AsString == commandName))
            {
                return null;
            }

            if (point.Data.TryGetValue("appName", out var app) && app.AsString != appName)
            {
                return null;
            }

            return point.TryFire() ? point.Data : null;
        }
    }

    /// <summary>The data of <c>failGetMoreAfterCursorCheckout</c> if it fires now, or null.</summary>
    public BsonDocument? MatchGetMoreAfterCheckout()
    {
        lock (_sync)
        {
            return _points.Count > 0 && _points.TryGetValue(FailGetMoreAfterCursorCheckout, out var point) && point.TryFire() ? point.Data : null;
        }
    }

    /// <summary>The data of <c>onPrimaryTransactionalWrite</c> if it fires for this statement, or null.</summary>
    public BsonDocument? MatchOnPrimaryTransactionalWrite()
    {
        lock (_sync)
        {
            return _points.Count > 0 && _points.TryGetValue(OnPrimaryTransactionalWrite, out var point) && point.TryFire() ? point.Data : null;
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _points.Clear();
        }
    }
}
