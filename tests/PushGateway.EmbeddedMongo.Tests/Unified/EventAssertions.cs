using System.Text;
using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>The unified format's <c>expectEvents</c>: the observed command events, in order, against the expected.</summary>
internal static class EventAssertions
{
    public static string? Check(BsonDocument expectation, IReadOnlyList<RecordedEvent> actual, UnifiedMatcher matcher)
    {
        var eventType = expectation.GetValue("eventType", "command").AsString;
        if (eventType != "command")
        {
            throw new UnifiedRunnerException($"expectEvents eventType '{eventType}' is not supported by this runner");
        }

        var expected = expectation["events"].AsBsonArray.Select(e => e.AsBsonDocument).ToList();
        var ignoreExtra = expectation.GetValue("ignoreExtraEvents", false).ToBoolean();
        if (actual.Count < expected.Count || (!ignoreExtra && actual.Count != expected.Count))
        {
            return $"expected {expected.Count} events{(ignoreExtra ? " or more" : "")} but observed {actual.Count}:{List(actual)}";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var problem = CheckOne(expected[i], actual[i], matcher, $"events[{i}]");
            if (problem is not null)
            {
                return $"{problem}{Environment.NewLine}observed:{List(actual)}";
            }
        }

        return null;
    }

    private static string? CheckOne(BsonDocument expected, RecordedEvent actual, UnifiedMatcher matcher, string path)
    {
        var type = expected.GetElement(0).Name;
        if (type != actual.Type)
        {
            return $"{path}: expected {type} but observed {actual}";
        }

        foreach (var element in expected[0].AsBsonDocument)
        {
            var problem = element.Name switch
            {
                "command" => matcher.Match(element.Value, actual.Command, isRoot: true, $"{path}.command"),
                "reply" => matcher.Match(element.Value, actual.Reply, isRoot: true, $"{path}.reply"),
                "commandName" => element.Value.AsString == actual.CommandName
                    ? null
                    : $"{path}: expected commandName {element.Value} but observed {actual}",
                "databaseName" => element.Value.AsString == actual.DatabaseName
                    ? null
                    : $"{path}: expected databaseName {element.Value} but observed {actual.DatabaseName}",

                // Service ids exist only behind load balancers; server connection ids are always reported by 4.2+.
                "hasServiceId" or "hasServerConnectionId" => null,
                _ => throw new UnifiedRunnerException($"expected event field '{element.Name}' is not supported by this runner"),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string List(IReadOnlyList<RecordedEvent> events)
    {
        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.AppendLine().Append("  ").Append(e);
        }

        return text.ToString();
    }
}
