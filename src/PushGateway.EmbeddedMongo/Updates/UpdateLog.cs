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
    /// <summary>Past this many logged paths the checks below use hash sets; under it a scan is cheaper than building them.</summary>
    private const int SmallLog = 16;

    private readonly List<(UpdateLogKind Kind, string Path)> _entries;

    // Every path ever logged (entries may later be dropped for an ancestor): the entries themselves until the first drop,
    // a list of its own from then on. With many paths (e.g. $[] over thousands of elements) they also go into sets, so
    // each check stays O(depth): paths logged as updated/created, every proper prefix of a logged path, and the logged
    // paths.
    private List<(UpdateLogKind Kind, string Path)>? _allLogged;
    private HashSet<string>? _values;
    private HashSet<string>? _prefixes;
    private HashSet<string>? _paths;

    /// <param name="capacity">The paths the update is expected to log (its operator paths).</param>
    public UpdateLog(int capacity = 0)
    {
        _entries = new(capacity);
    }

    public IReadOnlyList<(UpdateLogKind Kind, string Path)> Entries => _entries;

    private List<(UpdateLogKind Kind, string Path)> Logged => _allLogged ?? _entries;

    public void Add(UpdateLogKind kind, string path)
    {
        // A value logged at an ancestor is reported whole, from the final document: it covers later writes below it.
        if (HasValueAtAncestor(path))
        {
            return;
        }

        if (IsAncestorOfLogged(path) || IsLogged(path))
        {
            _allLogged ??= [.. _entries];
            DropAtOrBelow(path);
        }

        _entries.Add((kind, path));
        Record(kind, path);
    }

    // Apart from Add, so that Add does not allocate the lambda's closure on every call.
    private void DropAtOrBelow(string path) =>
        _entries.RemoveAll(e => e.Path == path || e.Path.StartsWith(path + ".", StringComparison.Ordinal));

    private bool HasValueAtAncestor(string path)
    {
        if (_values is not null)
        {
            for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', dot + 1))
            {
                if (_values.Contains(path[..dot]))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var (kind, logged) in Logged)
        {
            if (kind != UpdateLogKind.Removed && IsAncestor(logged, path))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsAncestorOfLogged(string path)
    {
        if (_prefixes is not null)
        {
            return _prefixes.Contains(path);
        }

        foreach (var (_, logged) in Logged)
        {
            if (IsAncestor(path, logged))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsLogged(string path)
    {
        if (_paths is not null)
        {
            return _paths.Contains(path);
        }

        foreach (var (_, logged) in Logged)
        {
            if (logged == path)
            {
                return true;
            }
        }

        return false;
    }

    private void Record(UpdateLogKind kind, string path)
    {
        _allLogged?.Add((kind, path));
        if (_paths is null)
        {
            if (Logged.Count <= SmallLog)
            {
                return;
            }

            (_values, _prefixes, _paths) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            foreach (var (k, p) in Logged)
            {
                AddToSets(k, p);
            }

            return;
        }

        AddToSets(kind, path);
    }

    private void AddToSets(UpdateLogKind kind, string path)
    {
        _paths!.Add(path);
        if (kind != UpdateLogKind.Removed)
        {
            _values!.Add(path);
        }

        for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            _prefixes!.Add(path[..dot]);
        }
    }

    /// <summary>True when <paramref name="ancestor"/> is a proper dotted prefix of <paramref name="path"/> ("a" of "a.b").</summary>
    private static bool IsAncestor(string ancestor, string path) =>
        path.Length > ancestor.Length && path[ancestor.Length] == '.' && path.StartsWith(ancestor, StringComparison.Ordinal);

    /// <summary>
    /// Whether every component of <paramref name="path"/> exists in <paramref name="doc"/>; <paramref name="createdLength"/>
    /// is the length of the path up to and including its first missing component (what a write there creates), or the
    /// whole path's length when none is missing.
    /// </summary>
    public static bool Exists(BsonDocument doc, string path, out int createdLength)
    {
        BsonValue current = doc;
        var start = 0;
        while (true)
        {
            var dot = path.IndexOf('.', start);
            var end = dot < 0 ? path.Length : dot;
            var part = path[start..end]; // the path itself when it has no dot
            switch (current)
            {
                case BsonDocument d when d.TryGetValue(part, out var next):
                    current = next;
                    break;
                case BsonArray a when int.TryParse(part, out var index) && index >= 0 && index < a.Count:
                    current = a[index];
                    break;
                default:
                    createdLength = end;
                    return false;
            }

            if (dot < 0)
            {
                createdLength = path.Length;
                return true;
            }

            start = dot + 1;
        }
    }
}
