using MongoDB.Bson;

namespace PushGateway.ChangeStreams;

/// <summary>Reads a dotted path through nested documents (no array traversal: a tenant id is a scalar).</summary>
internal static class DocumentPath
{
    public static BsonValue? Get(BsonDocument? document, string path)
    {
        BsonValue? current = document;
        foreach (var part in path.Split('.'))
        {
            if (current is not BsonDocument doc || !doc.TryGetValue(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}
