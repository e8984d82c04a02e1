using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// <c>setClusterParameter</c> and <c>getClusterParameter</c> for the one cluster parameter the server has,
/// <c>changeStreamOptions</c> (<c>{preAndPostImages: {expireAfterSeconds: &lt;positive seconds&gt; | "off"}}</c>), with
/// mongod's validation and error codes. Both run only against <c>admin</c>.
/// </summary>
internal static class ClusterParameterCommands
{
    private const string ChangeStreamOptions = "changeStreamOptions";

    public static void Register(Dictionary<string, CommandHandler> handlers)
    {
        handlers["setClusterParameter"] = ctx => ValueTask.FromResult(Set(ctx));
        handlers["getClusterParameter"] = ctx => ValueTask.FromResult(Get(ctx));
    }

    private static BsonDocument Set(CommandContext ctx)
    {
        RequireAdmin(ctx);
        if (ctx.Command[0] is not BsonDocument parameter || parameter.ElementCount != 1)
        {
            throw MongoErrorException.BadValue("setClusterParameter expects a document with exactly one cluster parameter");
        }

        var (name, value) = (parameter.GetElement(0).Name, parameter[0]);
        if (name != ChangeStreamOptions)
        {
            throw Unknown(name);
        }

        if (value is not BsonDocument options || !options.TryGetValue("preAndPostImages", out var images))
        {
            throw MongoErrorException.BadValue("Should specify at least one change stream option: changeStreamOptions.preAndPostImages");
        }

        if (images is not BsonDocument imageOptions || !imageOptions.TryGetValue("expireAfterSeconds", out var expire))
        {
            throw MongoErrorException.BadValue("Should specify 'expireAfterSeconds' in changeStreamOptions.preAndPostImages");
        }

        ctx.Server.PreImageRetention.ExpireAfterSeconds = expire switch
        {
            BsonString { Value: "off" } => null,
            _ when expire.IsNumeric && expire.ToDouble() >= 1 && expire.ToDouble() <= long.MaxValue => expire.ToInt64(),
            _ => throw MongoErrorException.BadValue($"Invalid value for 'changeStreamOptions.preAndPostImages.expireAfterSeconds': {expire}; expected a positive number of seconds or \"off\""),
        };
        return [];
    }

    private static BsonDocument Get(CommandContext ctx)
    {
        RequireAdmin(ctx);
        var names = ctx.Command[0] switch
        {
            BsonString { Value: "*" } => [ChangeStreamOptions],
            BsonString s => [s.Value],
            BsonArray a when a.All(v => v.IsString) => a.Select(v => v.AsString).ToList(),
            var other => throw MongoErrorException.TypeMismatch($"getClusterParameter expects a parameter name, an array of names or \"*\", not {other.BsonType}"),
        };
        var parameters = new BsonArray();
        foreach (var name in names)
        {
            if (name != ChangeStreamOptions)
            {
                throw Unknown(name);
            }

            var expire = ctx.Server.PreImageRetention.ExpireAfterSeconds;
            parameters.Add(new BsonDocument
            {
                { "_id", ChangeStreamOptions },
                { "clusterParameterTime", new BsonTimestamp(0) },
                { "preAndPostImages", new BsonDocument("expireAfterSeconds", expire is { } seconds ? new BsonInt64(seconds) : "off") },
            });
        }

        return new BsonDocument("clusterParameters", parameters);
    }

    private static void RequireAdmin(CommandContext ctx)
    {
        if (ctx.Database != "admin")
        {
            throw new MongoErrorException(13, "Unauthorized", $"{ctx.Name} may only be run against the admin database.");
        }
    }

    private static MongoErrorException Unknown(string name) => new(4, "NoSuchKey", $"Unknown Cluster Parameter {name}");
}
