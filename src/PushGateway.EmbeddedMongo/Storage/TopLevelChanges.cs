using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// Which top-level fields an update changed, read from the two versions of the document in one pass: stored documents
/// are never mutated in place and updates copy only the containers on a written path, so a field holding the very same
/// value object in both versions is unchanged all the way down. Lets an update skip the indexes it cannot have moved.
/// </summary>
internal static class TopLevelChanges
{
    /// <summary>
    /// Fills <paramref name="changed"/> with the names of the top-level fields whose value is not the same object in both
    /// documents (added and removed ones included); false when the fields are not in the same order (then every index is
    /// checked, and <paramref name="changed"/> means nothing).
    /// </summary>
    public static bool Between(BsonDocument before, BsonDocument after, List<string> changed)
    {
        changed.Clear();
        var common = Math.Min(before.ElementCount, after.ElementCount);
        for (var i = 0; i < common; i++)
        {
            var x = before.GetElement(i);
            var y = after.GetElement(i);
            if (!string.Equals(x.Name, y.Name, StringComparison.Ordinal))
            {
                return false;
            }

            if (!ReferenceEquals(x.Value, y.Value))
            {
                changed.Add(x.Name);
            }
        }

        for (var i = common; i < before.ElementCount; i++)
        {
            changed.Add(before.GetElement(i).Name);
        }

        for (var i = common; i < after.ElementCount; i++)
        {
            changed.Add(after.GetElement(i).Name);
        }

        return true;
    }
}
