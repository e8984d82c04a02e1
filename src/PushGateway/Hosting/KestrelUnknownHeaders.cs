using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Primitives;

namespace PushGateway.Hosting;

/// <summary>
/// Lets a connected hub transport request's header collections give back their dictionary of "unknown" headers (those
/// Kestrel has no field for): clearing the request headers empties it but keeps it, and the response's
/// <c>Sec-WebSocket-Accept</c> lives in one as well, each with its entry array, for the connection's lifetime. Kestrel keeps
/// it in a field of its header collections (<see cref="FieldName"/>, null until an unknown header is added, which is the
/// state every new request starts from); no API sets it back to null, so it is set by name, and a Kestrel update that
/// renames it makes this a no-op that a test catches (<c>KestrelUnknownHeadersTests</c>), not a failure.
/// </summary>
internal static class KestrelUnknownHeaders
{
    /// <summary>Kestrel's base class of its request and response header collections (internal to Kestrel).</summary>
    public const string HeadersTypeName = "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpHeaders";

    /// <summary>Its field holding the unknown headers.</summary>
    public const string FieldName = "MaybeUnknown";

    private static readonly ConcurrentDictionary<Type, FieldInfo?> Fields = new();

    /// <summary>
    /// Drops the unknown-header dictionary of Kestrel's <paramref name="headers"/>; only for headers nothing reads or
    /// sends again (request headers already cleared, response headers already sent).
    /// </summary>
    public static void Release(IHeaderDictionary headers)
    {
        if (FieldOf(headers.GetType()) is { } field)
        {
            field.SetValue(headers, null);
        }
    }

    /// <summary>The unknown-header field of a Kestrel header collection type; null for any other type, or when Kestrel no longer has it.</summary>
    internal static FieldInfo? FieldOf(Type type) => Fields.GetOrAdd(type, static type =>
    {
        for (var declaring = type; declaring is not null; declaring = declaring.BaseType)
        {
            if (declaring.FullName == HeadersTypeName)
            {
                var field = declaring.GetField(FieldName, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
                return field?.FieldType == typeof(Dictionary<string, StringValues>) ? field : null;
            }
        }

        return null;
    });
}
