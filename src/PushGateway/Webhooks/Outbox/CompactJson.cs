using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MongoDB.Bson;

namespace PushGateway.Webhooks.Outbox;

/// <summary>
/// Writes BSON as compact MongoDB Relaxed Extended JSON v2: no whitespace, doubles as their shortest round-trip form
/// (<c>19.99</c>, never <c>19.989999999999998</c>), integers as plain numbers, and the canonical wrappers only for types
/// JSON cannot hold (<c>{"$oid": ...}</c>, <c>{"$date": "...Z"}</c>, <c>{"$numberDecimal": ...}</c>, <c>{"$binary": ...}</c>, ...).
/// The driver's own writer puts shell-style spaces around every colon and prints 17 significant digits.
/// </summary>
internal static class CompactJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = true };

    // One buffer and writer per thread, reset for every body: building a body allocates only the resulting bytes.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>A document as compact JSON text.</summary>
    public static string Write(BsonDocument document) =>
        Encoding.UTF8.GetString(WriteUtf8(document, static (writer, d) => WriteValue(writer, d)));

    /// <summary>
    /// Runs <paramref name="write"/> against a reset per-thread writer and returns the UTF-8 bytes written (one
    /// exact-size array). <paramref name="write"/> must not call back into this method.
    /// </summary>
    public static byte[] WriteUtf8<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);
        write(writer, state);
        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            // A rare big body: do not keep its buffer alive on this thread.
            t_buffer = null;
            t_writer = null;
        }

        return bytes;
    }

    public static void WriteValue(Utf8JsonWriter writer, BsonValue value)
    {
        switch (value.BsonType)
        {
            case BsonType.Document:
                writer.WriteStartObject();
                // By index: BsonDocument's enumerator is a boxed interface enumerator (an allocation per document).
                var document = value.AsBsonDocument;
                for (var i = 0; i < document.ElementCount; i++)
                {
                    var element = document.GetElement(i);
                    writer.WritePropertyName(element.Name);
                    WriteValue(writer, element.Value);
                }

                writer.WriteEndObject();
                break;
            case BsonType.Array:
                writer.WriteStartArray();
                var array = value.AsBsonArray;
                for (var i = 0; i < array.Count; i++)
                {
                    WriteValue(writer, array[i]);
                }

                writer.WriteEndArray();
                break;
            case BsonType.String:
                writer.WriteStringValue(value.AsString);
                break;
            case BsonType.Boolean:
                writer.WriteBooleanValue(value.AsBoolean);
                break;
            case BsonType.Null:
                writer.WriteNullValue();
                break;
            case BsonType.Int32:
                writer.WriteNumberValue(value.AsInt32);
                break;
            case BsonType.Int64:
                writer.WriteNumberValue(value.AsInt64);
                break;
            case BsonType.Double:
                WriteDouble(writer, value.AsDouble);
                break;
            case BsonType.ObjectId:
                Wrapped(writer, "$oid", value.AsObjectId.ToString());
                break;
            case BsonType.DateTime:
                WriteDate(writer, value.AsBsonDateTime);
                break;
            case BsonType.Decimal128:
                Wrapped(writer, "$numberDecimal", value.AsDecimal128.ToString());
                break;
            case BsonType.Binary:
                var binary = value.AsBsonBinaryData;
                writer.WriteStartObject();
                writer.WriteStartObject("$binary");
                writer.WriteString("base64", Convert.ToBase64String(binary.Bytes));
                writer.WriteString("subType", ((byte)binary.SubType).ToString("x2", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case BsonType.Timestamp:
                var timestamp = value.AsBsonTimestamp;
                writer.WriteStartObject();
                writer.WriteStartObject("$timestamp");
                writer.WriteNumber("t", timestamp.Timestamp);
                writer.WriteNumber("i", timestamp.Increment);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case BsonType.RegularExpression:
                var regex = value.AsBsonRegularExpression;
                writer.WriteStartObject();
                writer.WriteStartObject("$regularExpression");
                writer.WriteString("pattern", regex.Pattern);
                writer.WriteString("options", regex.Options);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case BsonType.MinKey:
                writer.WriteStartObject();
                writer.WriteNumber("$minKey", 1);
                writer.WriteEndObject();
                break;
            case BsonType.MaxKey:
                writer.WriteStartObject();
                writer.WriteNumber("$maxKey", 1);
                writer.WriteEndObject();
                break;
            case BsonType.Undefined:
                writer.WriteStartObject();
                writer.WriteBoolean("$undefined", true);
                writer.WriteEndObject();
                break;
            case BsonType.Symbol:
                Wrapped(writer, "$symbol", value.AsBsonSymbol.Name);
                break;
            case BsonType.JavaScript:
                Wrapped(writer, "$code", value.AsBsonJavaScript.Code);
                break;
            case BsonType.JavaScriptWithScope:
                var code = value.AsBsonJavaScriptWithScope;
                writer.WriteStartObject();
                writer.WriteString("$code", code.Code);
                writer.WritePropertyName("$scope");
                WriteValue(writer, code.Scope);
                writer.WriteEndObject();
                break;
            default:
                // Deprecated types the gateway never produces (DBPointer): the driver's own rendering.
                writer.WriteRawValue(value.ToJson(), skipInputValidation: true);
                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            Wrapped(writer, "$numberDouble", double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            return;
        }

        // Shortest round-trip text; an integral double keeps a ".0" so it reads back as a double, as in mongosh's relaxed output.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal))
        {
            text += ".0";
        }

        writer.WriteRawValue(text, skipInputValidation: true);
    }

    private static void WriteDate(Utf8JsonWriter writer, BsonDateTime date)
    {
        writer.WriteStartObject();
        var ms = date.MillisecondsSinceEpoch;
        // Relaxed form only for years 1970–9999; other dates use the canonical milliseconds.
        if (ms >= 0 && ms <= 253402300799999)
        {
            writer.WriteString("$date", DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteStartObject("$date");
            writer.WriteString("$numberLong", ms.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void Wrapped(Utf8JsonWriter writer, string name, string value)
    {
        writer.WriteStartObject();
        writer.WriteString(name, value);
        writer.WriteEndObject();
    }
}
