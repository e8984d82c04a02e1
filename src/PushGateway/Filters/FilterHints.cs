using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.Filters;

/// <summary>
/// Warnings for filters that are valid but very likely wrong: a path that does not start with a field of the change
/// event (<c>status = 'paid'</c> tests the event, which has no <c>status</c>, so it matches nothing) is answered with
/// the likely path (<c>fullDocument.status</c>). Hints never reject a filter.
/// </summary>
internal static class FilterHints
{
    /// <summary>The top-level fields of the change event filters are evaluated against.</summary>
    private static readonly string[] EventFields =
    [
        "operationType", "ns", "documentKey", "fullDocument", "fullDocumentBeforeChange", "updateDescription",
        "clusterTime", "wallTime", "tenantId", "_id", "txnNumber", "lsid", "to", "collectionUUID",
    ];

    /// <summary>At most this many warnings per filter.</summary>
    private const int MaxWarnings = 10;

    /// <summary>The warnings for <paramref name="filter"/> (empty when every path starts with a change-event field).</summary>
    public static IReadOnlyList<string> For(Filter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var warnings = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Collect(filter.ToBsonDocument(), warnings, seen, 0);
        return warnings;
    }

    private static void Collect(BsonDocument filter, List<string> warnings, HashSet<string> seen, int depth)
    {
        if (depth > 200)
        {
            return;
        }

        foreach (var element in filter)
        {
            if (warnings.Count >= MaxWarnings)
            {
                return;
            }

            if (element.Name is "$and" or "$or" or "$nor")
            {
                foreach (var branch in element.Value.AsBsonArray.OfType<BsonDocument>())
                {
                    Collect(branch, warnings, seen, depth + 1);
                }
            }
            else if (element.Name == "$changed")
            {
                continue;
            }
            else if (!element.Name.StartsWith('$'))
            {
                var root = element.Name.Split('.')[0];
                if (!Array.Exists(EventFields, f => string.Equals(f, root, StringComparison.Ordinal)) && seen.Add(element.Name))
                {
                    warnings.Add(Warning(element.Name, root));
                }
            }
        }
    }

    private static string Warning(string path, string root)
    {
        var near = Array.Find(EventFields, f => string.Equals(f, root, StringComparison.OrdinalIgnoreCase)
            || string.Equals(f, root.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        var suggestion = near is not null ? near + path[root.Length..] : "fullDocument." + path;
        return $"'{path}' is not a field of the change event, so this condition never sees your document's fields; did you mean {suggestion}? "
            + "Filters are evaluated against the change event: operationType, ns, documentKey, fullDocument, updateDescription, ...";
    }
}
