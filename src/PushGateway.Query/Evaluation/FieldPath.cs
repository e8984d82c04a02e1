using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>A dotted path split once at compile time; numeric components keep their array index.</summary>
internal sealed class FieldPath
{
    public FieldPath(string dotted)
    {
        Dotted = dotted;
        Parts = dotted.Split('.');
        Indexes = new int[Parts.Length];
        _hints = new int[Parts.Length];
        for (var i = 0; i < Parts.Length; i++)
        {
            Indexes[i] = ParseIndex(Parts[i]);
        }
    }

    // Per component, the element position where the name was last found. Events of one collection
    // share a field layout, so checking that slot first usually avoids a name search. Racy writes
    // are harmless: a stale hint is verified by name and only costs the normal look-up.
    private readonly int[] _hints;

    public string Dotted { get; }

    public string[] Parts { get; }

    /// <summary>The array index a component denotes, or -1. Only canonical decimals count ("0", "12", not "01").</summary>
    public int[] Indexes { get; }

    public static int ParseIndex(string part)
    {
        if (part.Length == 0 || part.Length > 9 || (part.Length > 1 && part[0] == '0'))
        {
            return -1;
        }

        var value = 0;
        foreach (var c in part)
        {
            if (c is < '0' or > '9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    /// <summary>Looks up component <paramref name="component"/> in <paramref name="document"/>.</summary>
    public bool TryGetField(BsonDocument document, int component, out BsonValue value)
    {
        var name = Parts[component];
        var hint = _hints[component];
        if ((uint)hint < (uint)document.ElementCount)
        {
            var element = document.GetElement(hint);
            if (string.Equals(element.Name, name, StringComparison.Ordinal))
            {
                value = element.Value;
                return true;
            }
        }

        var index = document.IndexOfName(name);
        if (index < 0)
        {
            value = BsonNull.Value;
            return false;
        }

        _hints[component] = index;
        value = document.GetElement(index).Value;
        return true;
    }
}
