using System.Reflection;
using Microsoft.AspNetCore.Http.Features;

namespace PushGateway.Hosting;

/// <summary>
/// Lets a connected hub transport request forget its request target: the raw target and the query string, which hold
/// the raw token when a browser passes it as <c>?access_token=</c> (the SignalR JavaScript client must, for WebSockets
/// and server-sent events). Kestrel's HTTP/1.1 connection keeps its own reference to both strings, in fields kept to
/// reuse them for the next request on the connection (<see cref="CacheFields"/>, whatever
/// <c>KestrelServerOptions.DisableStringReuse</c> says); an upgraded connection never has a next request, so they would
/// live as long as the connection. No option releases them: they are cleared by name, and a Kestrel update that renames
/// them makes this a no-op that a test catches (<c>KestrelRequestTargetTests</c>), not a failure. A null field only
/// means "nothing to reuse": the next request on the connection, if any, parses its own target as usual.
/// </summary>
internal static class KestrelRequestTarget
{
    /// <summary>Kestrel's HTTP/1.1 request feature (internal to Kestrel), generic over the hosting context.</summary>
    public const string ConnectionTypeName = "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.Http1Connection`1";

    /// <summary>Kestrel's private copies of the last request's raw target and query string.</summary>
    public static readonly IReadOnlyList<string> CacheFields = ["_parsedRawTarget", "_parsedQueryString"];

    private static (Type Type, FieldInfo[]? Fields)? s_cached;

    /// <summary>
    /// Empties the query string and cuts the query off the raw target (the path stays), in the request feature and in
    /// Kestrel's copies of them.
    /// </summary>
    public static void Release(IHttpRequestFeature request)
    {
        var raw = request.RawTarget;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            // The common case, a plain hub path, shares the path's string instead of making another.
            request.RawTarget = raw.AsSpan(0, query).SequenceEqual(request.Path) ? request.Path : raw[..query];
        }

        request.QueryString = string.Empty;
        if (FieldsOf(request.GetType()) is { } fields)
        {
            foreach (var field in fields)
            {
                field.SetValue(request, null);
            }
        }
    }

    /// <summary>The cache fields of a Kestrel HTTP/1.1 request feature type; null for any other type, or when Kestrel no longer has them all.</summary>
    internal static FieldInfo[]? FieldsOf(Type type)
    {
        if (s_cached is { } cached && cached.Type == type)
        {
            return cached.Fields;
        }

        var fields = IsKestrelHttp1(type) ? Find(type) : null;
        s_cached = (type, fields);
        return fields;
    }

    private static bool IsKestrelHttp1(Type type) =>
        type is { IsGenericType: true } && type.GetGenericTypeDefinition().FullName == ConnectionTypeName;

    private static FieldInfo[]? Find(Type type)
    {
        var found = new FieldInfo[CacheFields.Count];
        for (var i = 0; i < found.Length; i++)
        {
            // Declared on a base class (Kestrel's Http1Connection) in current versions: private fields are not inherited.
            FieldInfo? field = null;
            for (var declaring = type; field is null && declaring is not null; declaring = declaring.BaseType)
            {
                field = declaring.GetField(CacheFields[i], BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            }

            if (field is null || field.FieldType != typeof(string))
            {
                return null;
            }

            found[i] = field;
        }

        return found;
    }
}
