using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// An operation's <c>arguments</c>, remembering which were read so an argument the runner does not understand fails
/// the test (the unified format requires it) instead of being silently dropped.
/// </summary>
internal sealed class OperationArguments(string operation, BsonDocument arguments)
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>The session entity named by the <c>session</c> argument, if any (operations pass it to the driver).</summary>
    public IClientSessionHandle? Session { get; init; }

    public BsonValue Required(string name)
    {
        _used.Add(name);
        return arguments.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"{operation}: missing required argument '{name}'");
    }

    public BsonValue? Optional(string name)
    {
        _used.Add(name);
        return arguments.TryGetValue(name, out var value) ? value : null;
    }

    public void EnsureAllUsed()
    {
        var unknown = arguments.Names.FirstOrDefault(n => !_used.Contains(n) && !(n == "session" && Session is not null));
        if (unknown is not null)
        {
            throw new UnifiedRunnerException($"{operation}: argument '{unknown}' is not supported by this runner");
        }
    }
}
