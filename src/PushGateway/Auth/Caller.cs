namespace PushGateway.Auth;

/// <summary>Who is calling, as read from a validated token. The tenant comes only from the token.</summary>
/// <param name="Subject">The <c>sub</c> claim, if any.</param>
/// <param name="TenantId">The caller's tenant; null only for admin tokens without one.</param>
/// <param name="IsAdmin">True when the token carries the admin scope.</param>
/// <param name="Scopes">All scopes of the token.</param>
/// <param name="Collections">Permitted collections (<c>db.coll</c> or <c>db.*</c>); empty means all watched collections.</param>
public sealed record Caller(
    string? Subject,
    string? TenantId,
    bool IsAdmin,
    IReadOnlySet<string> Scopes,
    IReadOnlySet<string> Collections)
{
    /// <summary>Whether the caller may see <paramref name="collection"/> (<c>db.coll</c>).</summary>
    public bool MayAccess(string collection)
    {
        if (IsAdmin || Collections.Count == 0 || Collections.Contains(collection))
        {
            return true;
        }

        var dot = collection.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Collections.Contains(string.Concat(collection.AsSpan(0, dot), ".*"));
    }
}
