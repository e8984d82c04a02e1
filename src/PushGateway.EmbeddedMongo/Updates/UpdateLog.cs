using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// The paths an operator-style update wrote, as mongod's update log records them: a changed field by
/// its own path, a created subtree by the first component that did not exist, an appended array
/// element by its index, a removed field by its path. The change event's <c>updateDescription</c> is
/// built from these paths, never from a diff, so it says what the operators did.
/// </summary>
internal sealed class UpdateLog
{
    private readonly List<(UpdateLogKind Kind, string Path)> _entries = [];

    // Paths logged as updated/created, and every proper prefix of any logged path: O(depth) checks even
    // when $[] expands onto thousands of elements.
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    public IReadOnlyList<(UpdateLogKind Kind, string Path)> Entries => _entries;

    public void Add(UpdateLogKind kind, string path)
    {
        // A value logged at an ancestor is reported whole, from the final document: it covers later writes below it.
        for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            if (_values.Contains(path[..dot]))
            {
                return;
            }
        }

        if (_prefixes.Contains(path) || _paths.Contains(path))
        {
            _entries.RemoveAll(e => e.Path == path || e.Path.StartsWith(path + ".", StringComparison.Ordinal));
        }

        _entries.Add((kind, path));
        _paths.Add(path);
        if (kind != UpdateLogKind.Removed)
        {
            _values.Add(path);
        }

        for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            _prefixes.Add(path[..dot]);
        }
    }

    /// <summary>How many leading components of <paramref name="path"/> exist in <paramref name="doc"/>.</summary>
    public static int ExistingDepth(BsonDocument doc, string[] parts)
    {
        BsonValue current = doc;
        for (var i = 0; i < parts.Length; i++)
        {
            switch (current)
            {
                case BsonDocument d when d.TryGetValue(parts[i], out var next):
                    current = next;
                    break;
                case BsonArray a when int.TryParse(parts[i], out var index) && index >= 0 && index < a.Count:
                    current = a[index];
                    break;
                default:
                    return i;
            }
        }

        return parts.Length;
    }
}
