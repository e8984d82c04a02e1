using System.Text;
using System.Text.Json;
using MongoDB.Bson;

namespace PushGateway.Query.Mql;

/// <summary>Reads one JSON document, turning reader failures into a FailedToParse error with a position where one can be found.</summary>
internal static class JsonDocumentReader
{
    public static bool TryRead(string json, out BsonDocument? document, out QueryError? error)
    {
        try
        {
            document = BsonDocument.Parse(json);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or InvalidOperationException or ArgumentException or OverflowException or BsonException)
        {
            document = null;
            error = Describe(json, ex.Message);
            return false;
        }
    }

    private static QueryError Describe(string json, string message)
    {
        // MongoDB's JsonReader reports no position. Plain JSON is a subset of what it accepts, so a
        // strict reader failing on the same text usually points at the actual mistake.
        try
        {
            using var strict = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex) when (ex.LineNumber is not null && ex.BytePositionInLine is not null)
        {
            var lineIndex = (int)ex.LineNumber.Value;
            var lines = json.Split('\n');
            var lineText = lineIndex < lines.Length ? lines[lineIndex].TrimEnd('\r') : string.Empty;
            var column = CharColumn(lineText, (int)ex.BytePositionInLine.Value);
            return new QueryError(
                QueryErrorCodes.FailedToParse,
                "FailedToParse",
                "invalid JSON: " + message,
                null,
                lineIndex + 1,
                column + 1,
                TextPosition.Caret(lineText, column));
        }

        return new QueryError(QueryErrorCodes.FailedToParse, "FailedToParse", "invalid JSON: " + message);
    }

    private static int CharColumn(string line, int bytePosition)
    {
        var bytes = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (bytes >= bytePosition)
            {
                return i;
            }

            bytes += Encoding.UTF8.GetByteCount(line.AsSpan(i, char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1));
            if (char.IsHighSurrogate(line[i]))
            {
                i++;
            }
        }

        return line.Length;
    }
}
