using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// Computes a change event's <c>updateDescription</c> from the real before and after documents
/// (not from the update operators), so that it reports what actually changed, like mongod's diff.
/// </summary>
internal static class UpdateDescriptionBuilder
{
    public static bool Same(BsonDocument before, BsonDocument after) => Storage.BsonIdentity.Same(before, after);

    public static BsonDocument Build(BsonDocument before, BsonDocument after)
    {
        var updated = new BsonDocument();
        var removed = new BsonArray();
        var truncated = new BsonArray();
        var ambiguous = new BsonDocument();
        DiffDocuments(before, after, [], new Sink(updated, removed, truncated, ambiguous));
        return new BsonDocument
        {
            { "updatedFields", updated },
            { "removedFields", removed },
            { "truncatedArrays", truncated },
            { "disambiguatedPaths", ambiguous },
        };
    }

    /// <summary>Where the diff goes; paths are segment lists so ambiguous ones can be disambiguated.</summary>
    private sealed record Sink(BsonDocument Updated, BsonArray Removed, BsonArray Truncated, BsonDocument Ambiguous)
    {
        public string Path(List<BsonValue> segments)
        {
            var path = string.Join('.', segments.Select(s => s.ToString()));
            if (segments.Any(s => s.IsString && (s.AsString.Contains('.', StringComparison.Ordinal) || (s.AsString.Length > 0 && s.AsString.All(char.IsAsciiDigit)))))
            {
                Ambiguous[path] = new BsonArray(segments);
            }

            return path;
        }
    }

    private static void DiffDocuments(BsonDocument before, BsonDocument after, List<BsonValue> prefix, Sink sink)
    {
        foreach (var element in before)
        {
            if (!after.Contains(element.Name))
            {
                sink.Removed.Add(sink.Path([.. prefix, element.Name]));
            }
        }

        foreach (var element in after)
        {
            List<BsonValue> path = [.. prefix, element.Name];
            if (!before.TryGetValue(element.Name, out var old))
            {
                sink.Updated[sink.Path(path)] = element.Value;
            }
            else
            {
                DiffValues(old, element.Value, path, sink);
            }
        }
    }

    private static void DiffValues(BsonValue old, BsonValue value, List<BsonValue> path, Sink sink)
    {
        if (StrictlyEqual(old, value))
        {
            return;
        }

        switch (old, value)
        {
            case (BsonDocument a, BsonDocument b):
                DiffDocuments(a, b, path, sink);
                break;
            case (BsonArray a, BsonArray b):
                var common = Math.Min(a.Count, b.Count);
                for (var i = 0; i < common; i++)
                {
                    List<BsonValue> elementPath = [.. path, i];
                    if (StrictlyEqual(a[i], b[i]))
                    {
                        continue;
                    }

                    if (a[i] is BsonDocument da && b[i] is BsonDocument db)
                    {
                        DiffDocuments(da, db, elementPath, sink);
                    }
                    else
                    {
                        sink.Updated[sink.Path(elementPath)] = b[i];
                    }
                }

                for (var i = common; i < b.Count; i++)
                {
                    sink.Updated[sink.Path([.. path, i])] = b[i];
                }

                if (b.Count < a.Count)
                {
                    sink.Truncated.Add(new BsonDocument { { "field", sink.Path(path) }, { "newSize", b.Count } });
                }

                break;
            default:
                sink.Updated[sink.Path(path)] = value;
                break;
        }
    }

    /// <summary>Equal including the BSON type and field order (1 and 1.0 differ, as in mongod's diff).</summary>
    private static bool StrictlyEqual(BsonValue a, BsonValue b) => (a, b) switch
    {
        (BsonDocument x, BsonDocument y) => x.ElementCount == y.ElementCount
            && Enumerable.Range(0, x.ElementCount).All(i => x.GetElement(i).Name == y.GetElement(i).Name && StrictlyEqual(x[i], y[i])),
        (BsonArray x, BsonArray y) => x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => StrictlyEqual(x[i], y[i])),
        _ => a.BsonType == b.BsonType && a.Equals(b),
    };
}
