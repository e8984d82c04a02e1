using System.Globalization;
using PushGateway.Realtime;

namespace PushGateway.Auth;

/// <summary>
/// What a tenant id from a token may be: one non-empty string of at most <see cref="MaxLength"/> printable characters,
/// without surrounding spaces, and never a value the gateway uses internally (<c>*</c> keys the admins' all-tenants bucket).
/// </summary>
public static class TenantIds
{
    /// <summary>Longest tenant id accepted, in UTF-16 characters.</summary>
    public const int MaxLength = 128;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "*", RealtimeNames.AllTenants };

    /// <summary>Null when <paramref name="value"/> is an acceptable tenant id, else why not (for the caller to read).</summary>
    public static string? Problem(string value)
    {
        if (value.Length == 0 || string.IsNullOrWhiteSpace(value))
        {
            return "is empty";
        }

        if (value.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (Reserved.Contains(value))
        {
            return $"'{value}' is reserved by the gateway";
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return "starts or ends with white space";
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                i++;
                continue;
            }

            if (!IsPrintable(value[i]))
            {
                return $"contains a non-printable character (U+{(int)value[i]:X4}) at position {i + 1}";
            }
        }

        return null;
    }

    private static bool IsPrintable(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);
}
