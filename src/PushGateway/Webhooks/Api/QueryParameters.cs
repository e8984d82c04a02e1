namespace PushGateway.Webhooks.Api;

/// <summary>
/// The query parameters an endpoint reads (endpoint metadata; none when absent). Anything else in the query string is
/// answered with a 400 ValidationProblem naming it, so a misspelt or outdated parameter (<c>?after=</c>) never gets
/// silently ignored — a client paging with an ignored cursor would loop forever.
/// </summary>
internal sealed class QueryParameters(params string[] names)
{
    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>Group-wide endpoint filter applying each endpoint's <see cref="QueryParameters"/>.</summary>
    public static ValueTask<object?> RejectUnknown(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Query.Count == 0)
        {
            return next(context);
        }

        var known = http.GetEndpoint()?.Metadata.GetMetadata<QueryParameters>()?.Names ?? [];
        var unknown = http.Request.Query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count == 0)
        {
            return next(context);
        }

        var takes = known.Count == 0 ? "This endpoint takes no query parameters." : $"This endpoint takes: {string.Join(", ", known)}.";
        var errors = unknown.ToDictionary(k => k, k => new[] { $"Unknown query parameter. {takes}" }, StringComparer.Ordinal);
        return ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors, title: "Unknown query parameters."));
    }
}
