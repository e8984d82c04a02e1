using System.Reflection;
using System.Text.RegularExpressions;

namespace PushGateway.Hosting;

/// <summary>The .NET type a JSON path (<c>$.headers.a</c>, <c>$.collections[0]</c>) leads to inside a request type, to say what was expected there.</summary>
internal static partial class JsonPathType
{
    public static Type? Resolve(Type? root, string path)
    {
        var type = root;
        foreach (Match segment in Segment().Matches(path))
        {
            if (type is null)
            {
                return null;
            }

            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.Groups["index"].Success)
            {
                type = ElementType(type);
                continue;
            }

            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
            type = DictionaryValueType(type)
                ?? type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
        }

        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>A type as a client would name it ("a whole number", "an array of strings").</summary>
    public static string Describe(Type? type)
    {
        if (type is null)
        {
            return "a value of another type";
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return "a whole number";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a time in ISO 8601, e.g. 2026-01-31T12:00:00Z";
        }

        if (type == typeof(Guid))
        {
            return "a GUID";
        }

        if (DictionaryValueType(type) is { } value)
        {
            return value == typeof(string) ? "an object whose values are strings" : "an object";
        }

        if (ElementType(type) is { } element)
        {
            return element == typeof(string) ? "an array of strings" : "an array";
        }

        return "an object";
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable
            && DictionaryValueType(type) is null
            ? enumerable.GetGenericArguments()[0]
            : null;

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) is { } dictionary
            ? dictionary.GetGenericArguments()[1]
            : null;

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex Segment();
}
