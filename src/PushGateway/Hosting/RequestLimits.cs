namespace PushGateway.Hosting;

/// <summary>
/// Limits on what a client may send, aligned with the query engine's own (<c>PushGateway.Query.QueryLimits</c>) so that
/// each is reached with its own error: a filter nested 100 deep (the engine's limit) still fits in the JSON depth, and
/// the longest filter still fits in the body. The table in README.md ("Limits") lists them all.
/// </summary>
internal static class RequestLimits
{
    /// <summary>
    /// Largest JSON nesting accepted in a request body or a hub argument. One level of query depth costs up to two JSON
    /// levels (<c>{"$and": [ ... ]}</c>), so 100 levels of filter need about 200; the rest is the envelope.
    /// </summary>
    public const int MaxJsonDepth = 256;

    /// <summary>Largest request body, in bytes (1 MiB): far above any valid request, far below what could hurt the process.</summary>
    public const long MaxBodyBytes = 1024 * 1024;
}
