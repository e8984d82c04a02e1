using MongoDB.Bson;
using PushGateway.Query.Bson;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// Builds a change event's <c>updateDescription</c> the way mongod 7.0 does: an operator-style update
/// is described by the paths its operators wrote (<see cref="FromLog"/>); a pipeline-style update by a
/// diff of the before and after documents (<see cref="Build"/>), the only kind that reports
/// <c>truncatedArrays</c>. <c>disambiguatedPaths</c> is always computed; the change stream drops it
/// unless <c>showExpandedEvents</c> is set.
/// </summary>
internal static class UpdateDescriptionBuilder
{
    public static bool Same(BsonDocument before, BsonDocument after) => Storage.BsonIdentity.Same(before, after);

    /// <summary>The description of an operator-style update from the paths it logged.</summary>
    public static BsonDocument FromLog(UpdateLog log, BsonDocument before, BsonDocument after)
    {
        if (AllTopLevel(log.Entries))
        {
            return FromTopLevelLog(log.Entries, after);
        }

        var sink = new Sink(new BsonDocument(), new BsonArray(), new BsonArray(), new BsonDocument());
        foreach (var (kind, path) in log.Entries)
        {
            if (!path.Contains('.', StringComparison.Ordinal))
            {
                AddTopLevel(sink, kind, path, after);
                continue;
            }

            var segments = Segments(kind == UpdateLogKind.Removed ? before : after, path);
            if (kind == UpdateLogKind.Removed)
            {
                sink.Removed.Add(sink.Path(segments));
            }
            else if (Storage.DocPath.Get(after, path) is { } value)
            {
                sink.Updated[sink.Path(segments)] = value;
            }
        }

        return sink.ToDescription();
    }

    private static bool AllTopLevel(IReadOnlyList<(UpdateLogKind Kind, string Path)> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Path.Contains('.', StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The description of an update that wrote only top-level fields (the usual update), the same as the general path
    /// builds: each path is a field name, and a log holds every path once, so <c>updatedFields</c> is built at its exact
    /// size without checking for repeated names.
    /// </summary>
    private static BsonDocument FromTopLevelLog(IReadOnlyList<(UpdateLogKind Kind, string Path)> entries, BsonDocument after)
    {
        var updated = new ExactDocuments.Builder();
        var removed = new BsonArray();
        BsonDocument? ambiguous = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var (kind, name) = entries[i];
            BsonValue? value = null;
            if (kind != UpdateLogKind.Removed && !after.TryGetValue(name, out value))
            {
                continue;
            }

            if (IsAllDigits(name))
            {
                ambiguous ??= [];
                ambiguous[name] = new BsonArray { name };
            }

            if (value is null)
            {
                removed.Add(name);
            }
            else
            {
                updated.Add(name, value);
            }
        }

        return Description(updated.ToDocument(allowDuplicateNames: false), removed, [], ambiguous ?? []);
    }

    private static void AddTopLevel(Sink sink, UpdateLogKind kind, string name, BsonDocument after)
    {
        BsonValue? value = null;
        if (kind != UpdateLogKind.Removed && !after.TryGetValue(name, out value))
        {
            return;
        }

        if (IsAllDigits(name))
        {
            sink.Ambiguous[name] = new BsonArray { name };
        }

        if (value is null)
        {
            sink.Removed.Add(name);
        }
        else
        {
            sink.Updated[name] = value;
        }
    }

    // A field name a path would read as an array index. Over the span: string.All boxes a char enumerator per name.
    private static bool IsAllDigits(string name) => name.Length > 0 && !name.AsSpan().ContainsAnyExceptInRange('0', '9');

    private static BsonDocument Description(BsonDocument updated, BsonArray removed, BsonArray truncated, BsonDocument ambiguous) =>
        ExactDocuments.Create(
        [
            new("updatedFields", updated),
            new("removedFields", removed),
            new("truncatedArrays", truncated),
            new("disambiguatedPaths", ambiguous),
        ]);

    /// <summary>The description of a pipeline-style update: a diff of the two documents.</summary>
    public static BsonDocument Build(BsonDocument before, BsonDocument after)
    {
        var sink = new Sink(new BsonDocument(), new BsonArray(), new BsonArray(), new BsonDocument());
        DiffDocuments(before, after, [], sink);
        return sink.ToDescription();
    }

    /// <summary>Equal including the BSON type and field order (1 and 1.0 differ, as in mongod's diff).</summary>
    public static bool StrictlyEqual(BsonValue a, BsonValue b)
    {
        switch (a, b)
        {
            case (BsonDocument x, BsonDocument y):
                if (x.ElementCount != y.ElementCount)
                {
                    return false;
                }

                for (var i = 0; i < x.ElementCount; i++)
                {
                    if (x.GetElement(i).Name != y.GetElement(i).Name || !StrictlyEqual(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (BsonArray x, BsonArray y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!StrictlyEqual(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return a.BsonType == b.BsonType && a.Equals(b);
        }
    }

    /// <summary>A dotted path's components as they are in <paramref name="doc"/>: array indexes as ints, field names as strings.</summary>
    private static List<BsonValue> Segments(BsonDocument doc, string path)
    {
        var segments = new List<BsonValue>();
        BsonValue? current = doc;
        foreach (var part in path.Split('.'))
        {
            if (current is BsonArray array && int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                segments.Add(index);
                current = index < array.Count ? array[index] : null;
            }
            else
            {
                segments.Add(part);
                current = current is BsonDocument d && d.TryGetValue(part, out var next) ? next : null;
            }
        }

        return segments;
    }

    /// <summary>Where the description goes; paths are segment lists so ambiguous ones can be disambiguated.</summary>
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

        public BsonDocument ToDescription() => Description(Updated, Removed, Truncated, Ambiguous);
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
            case (BsonDocument a, BsonDocument b) when !HasUndiffableNames(a) && !HasUndiffableNames(b):
                DiffDocuments(a, b, path, sink);
                break;
            case (BsonArray a, BsonArray b):
                DiffArrays(a, b, path, sink);
                break;
            default:
                // Different types, or a sub-document whose field names a path cannot spell: the whole new value.
                sink.Updated[sink.Path(path)] = value;
                break;
        }
    }

    private static void DiffArrays(BsonArray a, BsonArray b, List<BsonValue> path, Sink sink)
    {
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
        {
            DiffValues(a[i], b[i], [.. path, i], sink);
        }

        for (var i = common; i < b.Count; i++)
        {
            sink.Updated[sink.Path([.. path, i])] = b[i];
        }

        if (b.Count < a.Count)
        {
            sink.Truncated.Add(new BsonDocument { { "field", sink.Path(path) }, { "newSize", b.Count } });
        }
    }

    /// <summary>Field names with a dot or a leading '$' cannot be written as a dotted path, so mongod does not diff inside them.</summary>
    private static bool HasUndiffableNames(BsonDocument doc) =>
        doc.Names.Any(n => n.Contains('.', StringComparison.Ordinal) || n.StartsWith('$'));
}
