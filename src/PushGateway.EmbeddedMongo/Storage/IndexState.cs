using PushGateway.Query;
using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// One index of a collection. Only unique indexes keep entries (to enforce uniqueness and to find by
/// <c>_id</c>); non-unique indexes are metadata, since queries scan in natural order anyway.
/// </summary>
internal sealed class IndexState
{
    private readonly string[] _fields;

    public IndexState(BsonDocument spec)
    {
        Spec = spec;
        Name = spec["name"].AsString;
        Key = spec["key"].AsBsonDocument;
        Unique = spec.GetValue("unique", false).ToBoolean() || Name == "_id_";
        Sparse = spec.GetValue("sparse", false).ToBoolean();
        _fields = Key.Names.ToArray();
        Entries = Unique ? new Dictionary<BsonValue, long>(BsonValueComparer.Instance) : null;
    }

    public string Name { get; }

    public BsonDocument Key { get; }

    public BsonDocument Spec { get; }

    public bool Unique { get; }

    public bool Sparse { get; }

    public Dictionary<BsonValue, long>? Entries { get; }

    /// <summary>The index keys of a document (several when a field is an array); empty when sparse-skipped.</summary>
    public List<BsonArray> KeysOf(BsonDocument doc)
    {
        var perField = new List<List<BsonValue>>(_fields.Length);
        var anyPresent = false;
        foreach (var field in _fields)
        {
            var values = DocPath.GetAll(doc, field);
            if (values.Count == 0)
            {
                values.Add(BsonNull.Value);
            }
            else
            {
                anyPresent = true;
            }

            perField.Add(values.Distinct(BsonValueComparer.Instance).ToList());
        }

        if (Sparse && !anyPresent)
        {
            return [];
        }

        var keys = new List<BsonArray> { new() };
        foreach (var values in perField)
        {
            keys = keys.SelectMany(prefix => values.Select(v => new BsonArray(prefix) { v })).ToList();
        }

        return keys;
    }

    /// <summary>The 11000 error mongod reports when <paramref name="key"/> is already taken.</summary>
    public MongoErrorException DuplicateKeyError(string ns, BsonArray key)
    {
        var keyValue = new BsonDocument();
        for (var i = 0; i < _fields.Length; i++)
        {
            keyValue[_fields[i]] = key[i];
        }

        var shown = string.Join(", ", keyValue.Select(e => $"{e.Name}: {e.Value.ToJson(new MongoDB.Bson.IO.JsonWriterSettings { OutputMode = MongoDB.Bson.IO.JsonOutputMode.Shell })}"));
        return new MongoErrorException(11000, "DuplicateKey", $"E11000 duplicate key error collection: {ns} index: {Name} dup key: {{ {shown} }}")
        {
            ExtraInfo = new BsonDocument { { "keyPattern", Key }, { "keyValue", keyValue } },
        };
    }
}
