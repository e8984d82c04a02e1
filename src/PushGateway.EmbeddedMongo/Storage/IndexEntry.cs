using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// One key of a queryable index (its values in key order) and the record it points at. A one-value key is held as
/// the value itself, so a stored entry of a one-field index adds no object of its own for the garbage collector.
/// </summary>
internal readonly struct IndexEntry
{
    private readonly object _key; // the BsonValue of a one-value key, else the BsonValue[]

    public IndexEntry(BsonValue[] key, long recordId)
    {
        _key = key.Length == 1 ? key[0] : key;
        RecordId = recordId;
    }

    public long RecordId { get; }

    /// <summary>The number of values in the key.</summary>
    public int Length => _key is BsonValue[] values ? values.Length : 1;

    /// <summary>The key's value at a position.</summary>
    public BsonValue this[int index] => _key is BsonValue[] values ? values[index] : index == 0 ? (BsonValue)_key : throw new ArgumentOutOfRangeException(nameof(index));
}

/// <summary>Orders entries by key (MongoDB's cross-type order, field by field), then by record id.</summary>
internal sealed class IndexEntryComparer : IComparer<IndexEntry>
{
    public static IndexEntryComparer Instance { get; } = new();

    public int Compare(IndexEntry x, IndexEntry y)
    {
        var length = x.Length;
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            // The usual key parts (strings, dates) compare directly, exactly as the general comparer would.
            var c = a is BsonString sa && b is BsonString sb ? BsonValueComparer.CompareStrings(sa.Value, sb.Value)
                : a is BsonDateTime da && b is BsonDateTime db ? da.MillisecondsSinceEpoch.CompareTo(db.MillisecondsSinceEpoch)
                : BsonValueComparer.Instance.Compare(a, b);
            if (c != 0)
            {
                return c;
            }
        }

        return x.RecordId.CompareTo(y.RecordId);
    }
}
