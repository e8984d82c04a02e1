using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;
using PushGateway.EmbeddedMongo.Storage;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>Applies one operator on one concrete path and records what it wrote, the way mongod's update log does.</summary>
internal sealed partial class UpdateApplier
{
    private static void ApplyLogged(BsonDocument doc, string op, string path, BsonValue arg, ClusterClock clock, UpdateLog log)
    {
        var exists = UpdateLog.Exists(doc, path, out var createdLength);
        var old = exists ? DocPath.Get(doc, path) : null;
        switch (op)
        {
            case "$unset":
                if (old is not null)
                {
                    // Unsetting an array element stores null in its place: an update of that element.
                    var lastDot = path.LastIndexOf('.');
                    var inArray = lastDot >= 0 && DocPath.Get(doc, path[..lastDot]) is BsonArray;
                    DocPath.Unset(doc, path);
                    log.Add(inArray ? UpdateLogKind.Updated : UpdateLogKind.Removed, path);
                }

                return;
            case "$rename":
                Rename(doc, path, arg.AsString, old, log);
                return;
        }

        ApplyOperator(doc, op, path, arg, clock);
        var now = DocPath.Get(doc, path);
        if (now is null)
        {
            return;
        }

        if (old is null)
        {
            log.Add(UpdateLogKind.Created, path[..createdLength]); // the path itself when only its last field was missing
            return;
        }

        if (UpdateDescriptionBuilder.StrictlyEqual(old, now))
        {
            return;
        }

        if (op is "$push" or "$addToSet" && old is BsonArray before && now is BsonArray after && IsAppend(before, after))
        {
            // An append is logged element by element ("arr.3"), not as the whole array.
            for (var i = before.Count; i < after.Count; i++)
            {
                log.Add(UpdateLogKind.Created, path + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return;
        }

        log.Add(UpdateLogKind.Updated, path);
    }

    private static bool IsAppend(BsonArray before, BsonArray after) =>
        after.Count > before.Count && Enumerable.Range(0, before.Count).All(i => UpdateDescriptionBuilder.StrictlyEqual(before[i], after[i]));

    private static void Rename(BsonDocument doc, string from, string to, BsonValue? value, UpdateLog log)
    {
        if (value is null)
        {
            return;
        }

        RequireNoArrayOnPath(doc, from, "source");
        RequireNoArrayOnPath(doc, to, "destination");
        DocPath.Unset(doc, from);
        log.Add(UpdateLogKind.Removed, from);
        var exists = UpdateLog.Exists(doc, to, out var createdLength);
        DocPath.Set(doc, to, value);
        log.Add(exists ? UpdateLogKind.Updated : UpdateLogKind.Created, to[..createdLength]);
    }

    /// <summary>$rename never moves into or out of an array element (mongod: BadValue).</summary>
    private static void RequireNoArrayOnPath(BsonDocument doc, string path, string role)
    {
        var parts = path.Split('.');
        for (var i = 1; i <= parts.Length; i++)
        {
            var prefix = string.Join('.', parts[..i]);
            var value = DocPath.Get(doc, prefix);
            if (value is BsonArray && i < parts.Length)
            {
                throw MongoErrorException.BadValue($"The {role} field cannot be an array element, '{path}' in doc with {{_id: {doc.GetValue("_id", BsonNull.Value).ToJson()}}} has an array field called '{prefix}'");
            }

            if (value is null)
            {
                return;
            }
        }
    }
}
