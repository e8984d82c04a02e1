using System.Text.Json;

namespace PushGateway.Realtime;

/// <summary>
/// Reads the hub's weakly-typed arguments (<see cref="JsonElement"/>), so that a wrong shape is answered with a message
/// naming the argument instead of the framework's binding error. <c>filter</c> may be a string (MQL JSON or SQL) or a
/// JSON object (MQL), as in the REST API.
/// </summary>
internal static class SubscribeRequestReader
{
    private const string Example = "e.g. { collection: \"shop.orders\", filter: \"fullDocument.total > 100\" }";

    private static readonly HashSet<string> Known = new(
        typeof(SubscribeRequest).GetProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

    /// <summary>The request, or a readable error naming what is wrong.</summary>
    public static (SubscribeRequest? Request, string? Error) Read(JsonElement argument)
    {
        if (argument.ValueKind != JsonValueKind.Object)
        {
            return (null, $"Subscribe takes one object ({Example}); got {KindOf(argument)}.");
        }

        string? collection = null, filter = null, resumeFrom = null;
        bool? fullDocument = null;
        string[]? fields = null;
        foreach (var property in argument.EnumerateObject())
        {
            if (!TryGetName(property, out var name))
            {
                return (null, "A Subscribe property name holds an unpaired UTF-16 surrogate (such as \\ud800), which is not text.");
            }

            var value = property.Value;
            var error = name.ToLowerInvariant() switch
            {
                "collection" => ReadString(value, "collection", "the collection as \"db.coll\"", out collection),
                "filter" => ReadFilter(value, out filter),
                "resumefrom" => ReadString(value, "resumeFrom", "an eventId received earlier", out resumeFrom),
                "fulldocument" => ReadBool(value, out fullDocument),
                "fields" => ReadFields(value, out fields),
                _ when Known.Contains(name) => null,
                _ => $"Unknown Subscribe property '{Truncate(name)}'; use collection, filter, resumeFrom, fullDocument, fields.",
            };
            if (error is not null)
            {
                return (null, error);
            }
        }

        return (new SubscribeRequest(collection, filter, resumeFrom, fullDocument, fields), null);
    }

    /// <summary>The <c>Unsubscribe</c> argument: the subscription id string that <c>Subscribe</c> returned.</summary>
    public static (string? SubscriptionId, string? Error) ReadSubscriptionId(JsonElement argument) => argument.ValueKind switch
    {
        JsonValueKind.String when TryGetString(argument, out var id) => (id, null),
        JsonValueKind.Null => ("", null),
        _ => (null, $"Unsubscribe takes the subscriptionId string that Subscribe returned; got {KindOf(argument)}."),
    };

    private static string? ReadString(JsonElement value, string name, string what, out string? result)
    {
        result = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return $"'{name}' must be {what}; got {KindOf(value)}.";
        }

        return TryGetString(value, out result) ? null : $"'{name}' holds an unpaired UTF-16 surrogate (such as \\ud800), which is not text.";
    }

    private static string? ReadFilter(JsonElement value, out string? filter)
    {
        filter = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Object:
                filter = value.GetRawText();
                return null;
            case JsonValueKind.String:
                return TryGetString(value, out filter) ? null : "'filter' holds an unpaired UTF-16 surrogate (such as \\ud800), which is not text.";
            default:
                return $"'filter' must be a string (MQL JSON or SQL WHERE) or a JSON object (MQL); got {KindOf(value)}.";
        }
    }

    private static string? ReadBool(JsonElement value, out bool? result)
    {
        result = value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
        return result is null && value.ValueKind != JsonValueKind.Null ? $"'fullDocument' must be true or false; got {KindOf(value)}." : null;
    }

    private static string? ReadFields(JsonElement value, out string[]? fields)
    {
        fields = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        const string Expected = "'fields' must be an array of dotted paths, e.g. [\"status\", \"customer.name\"]";
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"{Expected}; got {KindOf(value)}.";
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !TryGetString(item, out var field))
            {
                return $"{Expected}; 'fields[{index}]' is {KindOf(item)}.";
            }

            list.Add(field!);
            index++;
        }

        fields = [.. list];
        return null;
    }

    /// <summary>False for a string holding an unpaired surrogate, which <see cref="JsonElement.GetString"/> refuses.</summary>
    private static bool TryGetString(JsonElement value, out string? result)
    {
        try
        {
            result = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            result = null;
            return false;
        }
    }

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private static string KindOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => TryGetString(value, out _) ? "a string" : "a string that is not valid text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
