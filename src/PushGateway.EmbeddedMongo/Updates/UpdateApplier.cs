using MongoDB.Bson;
using PushGateway.Query.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Storage;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// A parsed update: operator document, replacement, or pipeline. <see cref="Apply"/> returns a new
/// document and never mutates the stored one.
/// </summary>
internal sealed partial class UpdateApplier
{
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "$set", "$unset", "$inc", "$mul", "$min", "$max", "$rename", "$setOnInsert", "$currentDate",
        "$push", "$addToSet", "$pull", "$pullAll", "$pop", "$bit",
    };

    private readonly BsonDocument? _operators;
    private readonly BsonDocument? _replacement;
    private readonly BsonArray? _pipeline;
    private readonly Dictionary<string, Filter> _arrayFilters;

    private UpdateApplier(BsonDocument? operators, BsonDocument? replacement, BsonArray? pipeline, Dictionary<string, Filter> arrayFilters)
    {
        _operators = operators;
        _replacement = replacement;
        _pipeline = pipeline;
        _arrayFilters = arrayFilters;
        _positional = operators is not null && HasDollarInPath(operators);
        _pathCount = operators is null ? 0 : CountPaths(operators);
    }

    /// <summary>
    /// Whether some operator path holds a positional operator. Without one, each path is written once as given, and
    /// the parse-time conflict check (<see cref="CheckConflicts"/>) has already ruled out every conflict.
    /// </summary>
    private readonly bool _positional;

    /// <summary>The paths the operators name: what the update log usually ends up holding, so its list is sized once.</summary>
    private readonly int _pathCount;

    public bool IsReplacement => _replacement is not null;

    /// <summary>Whether <see cref="Apply"/> reads its query argument (positional paths resolve against it).</summary>
    public bool UsesQuery => _positional;

    public BsonDocument? Replacement => _replacement;

    public static UpdateApplier Parse(BsonValue update, BsonValue? arrayFilters, bool allowReplacement = true)
    {
        var filters = ArrayFilters.Parse(arrayFilters);
        if (update is BsonArray pipeline)
        {
            if (filters.Count > 0)
            {
                throw MongoErrorException.InvalidOptions("arrayFilters may not be specified for pipeline-style updates");
            }

            Aggregation.PipelineUpdate.Validate(pipeline);
            return new UpdateApplier(null, null, pipeline, filters);
        }

        if (update is not BsonDocument doc)
        {
            throw MongoErrorException.FailedToParse("Update argument must be either an object or an array");
        }

        if (doc.ElementCount == 0 || !doc.GetElement(0).Name.StartsWith('$'))
        {
            for (var i = 0; i < doc.ElementCount; i++)
            {
                var element = doc.GetElement(i);
                if (element.Name.StartsWith('$'))
                {
                    throw new MongoErrorException(2, "BadValue", $"The dollar ($) prefixed field '{element.Name}' in '{element.Name}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.");
                }
            }

            if (!allowReplacement)
            {
                throw new MongoErrorException(2, "BadValue", "Update document requires atomic operators");
            }

            ArrayFilters.CheckUsage(filters, [], doc);
            return new UpdateApplier(null, doc, null, filters);
        }

        // Index loops, and the paths in an array of their exact count: a foreach over a BsonDocument boxes its enumerator.
        var paths = new string[CountPaths(doc)];
        var count = 0;
        for (var i = 0; i < doc.ElementCount; i++)
        {
            var element = doc.GetElement(i);
            if (!Operators.Contains(element.Name))
            {
                throw new MongoErrorException(9, "FailedToParse", $"Unknown modifier: {element.Name}. Expected a valid update modifier or pipeline-style update specified as an array");
            }

            if (element.Value is not BsonDocument fields)
            {
                throw new MongoErrorException(9, "FailedToParse", $"Modifiers operate on fields but we found type {element.Value.BsonType.ToString().ToLowerInvariant()} instead. For example: {{$mod: {{<field>: ...}}}} not {{{element.Name}: {element.Value}}}");
            }

            for (var j = 0; j < fields.ElementCount; j++)
            {
                var field = fields.GetElement(j);
                if (field.Name.Length == 0)
                {
                    throw new MongoErrorException(56, "EmptyFieldName", "An empty update path is not valid.");
                }

                UpdateValidation.Path(element.Name, field.Name);
                UpdateValidation.Operand(element.Name, field.Name, field.Value);
                paths[count++] = field.Name;
                if (element.Name == "$rename")
                {
                    paths[count++] = field.Value.AsString;
                }
            }
        }

        CheckConflicts(paths);
        ArrayFilters.CheckUsage(filters, paths, doc);
        return new UpdateApplier(doc, null, null, filters);
    }

    /// <summary>How many paths an operator document names: one per field, two per $rename (source and target).</summary>
    private static int CountPaths(BsonDocument operators)
    {
        var count = 0;
        for (var i = 0; i < operators.ElementCount; i++)
        {
            var op = operators.GetElement(i);
            if (op.Value is BsonDocument fields)
            {
                count += op.Name == "$rename" ? 2 * fields.ElementCount : fields.ElementCount;
            }
        }

        return count;
    }

    private static bool HasDollarInPath(BsonDocument operators)
    {
        for (var i = 0; i < operators.ElementCount; i++)
        {
            if (operators.GetElement(i).Value is BsonDocument fields)
            {
                for (var j = 0; j < fields.ElementCount; j++)
                {
                    if (fields.GetElement(j).Name.Contains('$', StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Applies the update to a copy of <paramref name="original"/>. The description lists the paths the
    /// operators wrote (operator updates) or a diff of before and after (pipeline updates), as mongod does.
    /// </summary>
    public AppliedUpdate Apply(BsonDocument original, bool isInsert, Filter? query, ClusterClock clock)
    {
        if (_replacement is not null)
        {
            var replaced = new BsonDocument();
            if (original.TryGetValue("_id", out var id))
            {
                replaced["_id"] = id;
            }

            foreach (var element in _replacement)
            {
                if (element.Name == "_id" && replaced.Contains("_id") && !BsonValueComparer.Instance.Equals(replaced["_id"], element.Value))
                {
                    throw ImmutableId();
                }

                replaced[element.Name] = element.Value;
            }

            return new AppliedUpdate(replaced, null);
        }

        if (_pipeline is not null)
        {
            var after = Aggregation.PipelineUpdate.Apply(original.DeepClone().AsBsonDocument, _pipeline);
            return new AppliedUpdate(after, UpdateDescriptionBuilder.Build(original, after));
        }

        var copy = new CopyOnWrite(original);
        var doc = copy.Document;

        var positional = _positional ? new PositionalPaths(_arrayFilters, query) : null;
        var log = new UpdateLog(_pathCount);
        var written = _positional ? new HashSet<string>(StringComparer.Ordinal) : null;
        var prefixes = _positional ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < _operators!.ElementCount; i++)
        {
            var op = _operators.GetElement(i);
            var fields = op.Value.AsBsonDocument;
            for (var j = 0; j < fields.ElementCount; j++)
            {
                var field = fields.GetElement(j);
                if (op.Name == "$setOnInsert" && !isInsert)
                {
                    continue;
                }

                if (!_positional)
                {
                    ApplyAt(copy, op.Name, field, field.Name, clock, log);
                    continue;
                }

                foreach (var path in positional!.Expand(doc, field.Name))
                {
                    CheckCreatedConflict(written!, prefixes!, path);
                    ApplyAt(copy, op.Name, field, path, clock, log);
                }
            }
        }

        if (original.TryGetValue("_id", out var before) && (!doc.TryGetValue("_id", out var afterId) || !BsonValueComparer.Instance.Equals(before, afterId) || before.BsonType != afterId.BsonType))
        {
            throw ImmutableId();
        }

        // The new version is kept (stored, and shared by the change event): without the spare list room and the name
        // dictionary that adding fields to the copy gave it.
        doc = ExactDocuments.Compact(doc);
        return new AppliedUpdate(doc, UpdateDescriptionBuilder.FromLog(log, original, doc));
    }

    private static void ApplyAt(CopyOnWrite copy, string op, BsonElement field, string path, ClusterClock clock, UpdateLog log)
    {
        copy.Own(path);
        if (op == "$rename")
        {
            copy.Own(field.Value.AsString);
        }

        ApplyLogged(copy.Document, op, path, field.Value, clock, log);
    }

    /// <summary>Two positional paths that expand onto the same element conflict, as in mongod (code 40).</summary>
    private static void CheckCreatedConflict(HashSet<string> written, HashSet<string> prefixes, string path)
    {
        var conflict = written.Contains(path) || prefixes.Contains(path);
        for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0 && !conflict; dot = path.IndexOf('.', dot + 1))
        {
            conflict = written.Contains(path[..dot]);
        }

        if (conflict)
        {
            throw new MongoErrorException(40, "ConflictingUpdateOperators", $"Update created a conflict at '{path}'");
        }

        written.Add(path);
        for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            prefixes.Add(path[..dot]);
        }
    }

    private static MongoErrorException ImmutableId() =>
        new(66, "ImmutableField", "Performing an update on the path '_id' would modify the immutable field '_id'");

    private static void CheckConflicts(string[] paths)
    {
        for (var i = 0; i < paths.Length; i++)
        {
            for (var j = i + 1; j < paths.Length; j++)
            {
                var a = paths[i];
                var b = paths[j];
                if (a == b || IsPrefixPath(b, a) || IsPrefixPath(a, b))
                {
                    throw new MongoErrorException(40, "ConflictingUpdateOperators", $"Updating the path '{b}' would create a conflict at '{a}'");
                }
            }
        }
    }

    /// <summary>True when <paramref name="prefix"/> names an ancestor of <paramref name="path"/> ("a" of "a.b"), without building "a.".</summary>
    private static bool IsPrefixPath(string prefix, string path) =>
        path.Length > prefix.Length && path[prefix.Length] == '.' && path.StartsWith(prefix, StringComparison.Ordinal);
}
