using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using PushGateway.Auth;
using PushGateway.ChangeStreams;
using PushGateway.Query;

namespace PushGateway.Realtime;

/// <summary>
/// Checks a <c>Subscribe</c> request: the collection must be watched and permitted to the caller, the filter must
/// parse (errors carry line and column), and the caller's tenant is ANDed into the filter — a client filter can
/// narrow, never widen. Admin tokens subscribe across tenants.
/// </summary>
internal sealed class SubscribeRequestValidator(IOptions<GatewayOptions> gateway, IOptions<RealtimeOptions> realtime)
{
    /// <summary>The field of the change-event document that holds the tenant (see <see cref="ChangeEvent.Document"/>).</summary>
    private const string TenantPath = "tenantId";

    private readonly IReadOnlyDictionary<string, WatchOptions> _watched = gateway.WatchedCollections();

    public IEnumerable<string> CollectionsFor(Caller caller) => _watched.Keys.Where(caller.MayAccess).Order(StringComparer.Ordinal);

    public SubscribeValidation Validate(Caller caller, SubscribeRequest? request)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.Collection))
        {
            return SubscribeValidation.Fail("collection", "Subscribe needs a collection, as \"db.coll\".");
        }

        if (!_watched.ContainsKey(request.Collection))
        {
            return SubscribeValidation.Fail("collection", $"The collection '{request.Collection}' is not watched by this gateway. Watched: {string.Join(", ", _watched.Keys)}.");
        }

        if (!caller.MayAccess(request.Collection))
        {
            return SubscribeValidation.Fail("forbidden", $"Your token does not permit the collection '{request.Collection}'.");
        }

        var text = request.Filter ?? "";
        if (text.Length > realtime.Value.MaxFilterLength)
        {
            return SubscribeValidation.Fail("filter", $"The filter is too long ({text.Length} characters; at most {realtime.Value.MaxFilterLength}).");
        }

        var parsed = Filters.GatewayFilter.Parse(text);
        if (!parsed.IsSuccess)
        {
            return SubscribeValidation.Fail("filter", Describe(parsed.Error!));
        }

        var fields = (request.Fields ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Projection? projection = null;
        if (fields.Length > 0)
        {
            var spec = new BsonDocument(fields.Select(f => new BsonElement(f, 1)));
            if (!Projection.TryParse(spec, out projection, out var error))
            {
                return SubscribeValidation.Fail("fields", $"Invalid fields: {error!.Message}");
            }
        }

        string tenantScope;
        Filter filter;
        if (caller.IsAdmin)
        {
            (tenantScope, filter) = (RealtimeNames.AllTenants, parsed.Filter!);
        }
        else if (caller.TenantId is { } tenant)
        {
            var tenantFilter = MqlFilter.Parse(new BsonDocument(TenantPath, tenant)).Filter!;
            (tenantScope, filter) = (tenant, Filter.And(tenantFilter, parsed.Filter!));
        }
        else
        {
            return SubscribeValidation.Fail("forbidden", "Your token carries no tenant.");
        }

        return SubscribeValidation.Ok(new SubscriptionPlan(request.Collection, tenantScope, filter, request.FullDocument ?? true, fields, projection) { Warnings = Filters.GatewayFilter.Warnings(parsed.Filter!) });
    }

    /// <summary>"Invalid filter at line 1, column 12: ..." with the excerpt, when the parser located the error.</summary>
    public static string Describe(QueryError error)
    {
        var text = new StringBuilder("Invalid filter");
        var message = error.Message;
        if (error.Line is { } line && error.Column is { } column)
        {
            var position = string.Create(CultureInfo.InvariantCulture, $" at line {line}, column {column}");
            text.Append(position);
            // The SQL parser ends its message with the same position; say it once.
            if (message.EndsWith(position, StringComparison.Ordinal))
            {
                message = message[..^position.Length];
            }
        }
        else if (!string.IsNullOrEmpty(error.Path))
        {
            text.Append(CultureInfo.InvariantCulture, $" at '{error.Path}'");
        }

        text.Append(": ").Append(message);
        if (!string.IsNullOrEmpty(error.Excerpt))
        {
            text.Append(CultureInfo.InvariantCulture, $" (near: {error.Excerpt})");
        }

        return text.ToString();
    }
}
