using MongoDB.Bson;
using PushGateway.Query.Evaluation;

namespace PushGateway.Query.Indexing;

/// <summary>The entries indexed on one path, by value, with numeric-aware hashing.</summary>
internal sealed class PathIndex<TId>(string path)
    where TId : notnull
{
    public FieldPath Path { get; } = new(path);

    public Dictionary<BsonValue, List<IndexEntry<TId>>> ByValue { get; } = new(BsonValueComparer.Instance);

    public int Count(BsonValue value) => ByValue.TryGetValue(value, out var entries) ? entries.Count : 0;

    public void Add(BsonValue value, IndexEntry<TId> entry)
    {
        if (!ByValue.TryGetValue(value, out var entries))
        {
            entries = [];
            ByValue.Add(value, entries);
        }

        entries.Add(entry);
    }

    public void Remove(BsonValue value, IndexEntry<TId> entry)
    {
        if (ByValue.TryGetValue(value, out var entries))
        {
            entries.Remove(entry);
            if (entries.Count == 0)
            {
                ByValue.Remove(value);
            }
        }
    }
}
