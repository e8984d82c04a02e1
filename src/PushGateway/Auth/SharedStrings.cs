using System.Collections.Concurrent;

namespace PushGateway.Auth;

/// <summary>
/// One instance per distinct short string, for the claim types, issuers and tenants that every connection's principal
/// repeats: each validated token brings its own copies, which a hub connection would keep for its lifetime. Bounded, so a
/// stream of distinct values (they come from validated tokens only) costs at most <see cref="MaxEntries"/> entries.
/// </summary>
internal static class SharedStrings
{
    private const int MaxEntries = 10_000;
    private const int MaxLength = 128;
    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);

    /// <summary>The shared instance equal to <paramref name="value"/>; <paramref name="value"/> itself once the table is full.</summary>
    public static string Share(string value)
    {
        if (value.Length > MaxLength)
        {
            return value;
        }

        if (Strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return Strings.Count < MaxEntries ? Strings.GetOrAdd(value, value) : value;
    }
}
