using MongoDB.Bson;
using PushGateway.Query;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>One key of a queryable index and the record it points at.</summary>
internal readonly record struct IndexEntry(BsonValue[] Key, long RecordId);

/// <summary>Orders entries by key (MongoDB's cross-type order, field by field), then by record id.</summary>
internal sealed class IndexEntryComparer : IComparer<IndexEntry>
{
    public static IndexEntryComparer Instance { get; } = new();

    public int Compare(IndexEntry x, IndexEntry y)
    {
        for (var i = 0; i < x.Key.Length; i++)
        {
            var a = x.Key[i];
            var b = y.Key[i];
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
