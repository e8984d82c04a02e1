using MongoDB.Bson;

namespace PushGateway.Query.Mql;

/// <summary>Finds a lone UTF-16 surrogate in a filter document's names, strings and patterns (e.g. from a JSON <c>"\ud800"</c> escape).</summary>
internal static class BsonUtf16Check
{
    public static QueryError? Check(BsonDocument document) => Document(document, "", 0);

    private static QueryError? Document(BsonDocument document, string location, int depth)
    {
        foreach (var element in document)
        {
            var here = location.Length == 0 ? element.Name : location + "." + element.Name;
            if (Utf16Text.FindLoneSurrogate(element.Name) is var at and >= 0)
            {
                return Error(Utf16Text.Sanitize(here), element.Name[at], "field name");
            }

            if (Value(element.Value, here, depth + 1) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static QueryError? Value(BsonValue value, string location, int depth)
    {
        // Deeper than any accepted filter: the parser reports the depth; this walk only must not recurse without end.
        if (depth > 1000)
        {
            return null;
        }

        switch (value)
        {
            case BsonString s when Utf16Text.FindLoneSurrogate(s.Value) is var at and >= 0:
                return Error(location, s.Value[at], "string");
            case BsonRegularExpression r when Utf16Text.FindLoneSurrogate(r.Pattern) is var at and >= 0:
                return Error(location, r.Pattern[at], "pattern");
            case BsonDocument d:
                return Document(d, location, depth);
            case BsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Value(a[i], location + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture), depth + 1) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static QueryError Error(string path, char surrogate, string what) =>
        QueryErrorCodes.BadValueError($"invalid Unicode: the {what} at '{path}' holds a lone UTF-16 surrogate ({Utf16Text.Escape(surrogate)}), which cannot be stored or matched", path);
}
