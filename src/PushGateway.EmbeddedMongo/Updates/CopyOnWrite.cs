using MongoDB.Bson;
using PushGateway.Query.Bson;

namespace PushGateway.EmbeddedMongo.Updates;

/// <summary>
/// The working copy of an operator-style update. Stored documents are never mutated, and an operator only replaces
/// the value at its path or removes it, so it only mutates the containers that lead to that value: those are copied
/// (shallowly, once each) before the operator runs, and every other subtree stays shared with the stored document.
/// A deep clone of the whole document per update was most of an update's cost.
/// </summary>
internal sealed class CopyOnWrite
{
    // The nested containers copied so far; made on the first one (an update of top-level fields copies none).
    private HashSet<object>? _owned;

    public CopyOnWrite(BsonDocument original)
    {
        Document = ExactDocuments.ShallowClone(original, ExactDocuments.CompactSlack);
    }

    /// <summary>The document being updated: a private copy of the original's top level.</summary>
    public BsonDocument Document { get; }

    /// <summary>
    /// Makes every existing container from the top down to the parent of <paramref name="path"/>'s last segment a
    /// private copy, following the path exactly as <see cref="Storage.DocPath"/> does (first field of a name, array
    /// index when the segment parses as one).
    /// </summary>
    public void Own(string path)
    {
        BsonValue current = Document;
        var start = 0;
        for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', start))
        {
            var part = path[start..dot];
            start = dot + 1;
            switch (current)
            {
                case BsonDocument d when d.TryGetValue(part, out var next) && next is BsonDocument or BsonArray:
                    current = OwnedCopy(next);
                    d[part] = current;
                    break;
                case BsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count && a[i] is BsonDocument or BsonArray:
                    current = OwnedCopy(a[i]);
                    a[i] = current;
                    break;
                default:
                    // Missing or a scalar: the operator creates fresh containers or fails; nothing shared to copy.
                    return;
            }
        }
    }

    private BsonValue OwnedCopy(BsonValue container)
    {
        if (_owned?.Contains(container) == true)
        {
            return container;
        }

        var copy = container is BsonDocument document ? ExactDocuments.ShallowClone(document, ExactDocuments.CompactSlack) : container.Clone();
        (_owned ??= new(ReferenceEqualityComparer.Instance)).Add(copy);
        return copy;
    }
}
