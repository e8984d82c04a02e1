using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PushGateway.Auth;
using PushGateway.ChangeStreams;
using PushGateway.Filters;
using PushGateway.Webhooks.Security;
using PushGateway.Webhooks.Subscriptions;

namespace PushGateway.Webhooks.Api;

/// <summary>
/// Checks a subscription request field by field (every error is reported, keyed by its JSON path) and, when valid, copies
/// it onto a stored subscription. Nothing is stored unless the whole request is valid.
/// </summary>
internal sealed partial class SubscriptionValidator(
    IOptions<GatewayOptions> gateway,
    DestinationPolicy destinations)
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 500;
    public const int MaxCollections = 20;
    public const int MaxFields = 50;
    public const int MaxHeaders = 20;
    public const int MaxHeaderValueLength = 1000;
    public const int MaxTenantLength = 100;

    private static readonly HashSet<string> KnownOperationTypes = new(["insert", "update", "replace", "delete"], StringComparer.Ordinal);
    private static readonly HashSet<string> ReservedHeaders = new(
        ["host", "connection", "content-length", "content-type", "transfer-encoding", "user-agent", "keep-alive", "upgrade", "te", "trailer", "proxy-authorization", "expect"],
        StringComparer.OrdinalIgnoreCase);

    public ValidationOutcome Validate(WebhookRequest request, Caller caller, WebhookSubscription? existing)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in request.Unknown?.Keys ?? Enumerable.Empty<string>())
        {
            errors[name] = ["Unknown field."];
        }

        ValidateUrl(request.Url, errors);
        if (request.Description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"At most {MaxDescriptionLength} characters."];
        }

        ValidateCollections(request.Collections, caller, errors);
        ValidateOperationTypes(request.OperationTypes, errors);
        var filter = FilterInput.Parse(request.Filter);
        if (!filter.IsValid)
        {
            errors["filter"] = [filter.Describe()!];
        }

        ValidateFields(request.Fields, errors);
        ValidateHeaders(request.Headers, errors);
        if (request.MaxPerSecond is { } rate && (double.IsNaN(rate) || rate < 0.01 || rate > 10_000))
        {
            errors["maxPerSecond"] = ["Between 0.01 and 10000 deliveries per second."];
        }

        ValidateTenant(request.TenantId, caller, existing, errors);
        return new ValidationOutcome(errors, filter);
    }

    /// <summary>Copies a validated request onto <paramref name="target"/> (secrets, ids and health are left alone).</summary>
    public static void Apply(WebhookRequest request, FilterCheck filter, WebhookSubscription target)
    {
        target.Url = request.Url!;
        target.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description;
        target.Collections = [.. request.Collections!.Distinct(StringComparer.Ordinal)];
        target.OperationTypes = [.. (request.OperationTypes ?? []).Distinct(StringComparer.Ordinal)];
        target.Filter = filter.Text;
        target.FullDocument = request.FullDocument ?? true;
        target.Fields = [.. (request.Fields ?? []).Distinct(StringComparer.Ordinal)];
        target.Headers = request.Headers is null ? [] : new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        target.MaxPerSecond = request.MaxPerSecond;
        target.Ordered = request.Ordered ?? false;
        if (request.Enabled is { } enabled && enabled != target.Enabled)
        {
            target.Enabled = enabled;
            target.DisabledReason = enabled ? null : "Disabled by a user.";
            target.FailingSince = null;
        }
    }

    private void ValidateUrl(string? url, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors["url"] = ["A URL is required."];
            return;
        }

        if (url.Length > MaxUrlLength)
        {
            errors["url"] = [$"At most {MaxUrlLength} characters."];
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors["url"] = ["Must be an absolute http(s) URL."];
            return;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            errors["url"] = ["Must not contain credentials or a fragment; use headers for credentials."];
            return;
        }

        var allowListed = destinations.IsAllowListed(uri.IdnHost);
        if (uri.Scheme == Uri.UriSchemeHttp && !allowListed)
        {
            errors["url"] = ["Must use https (plain http is only accepted for hosts in Webhooks:AllowedHosts)."];
            return;
        }

        // Host names are checked at connect time (every resolved address); literal addresses can be refused right away.
        var literal = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address)
            ? address
            : null;
        if (!allowListed && ((literal is not null && !AddressPolicy.IsPublic(literal)) || uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)))
        {
            errors["url"] = ["Points to a loopback, private or otherwise non-public address."];
        }
    }

    private void ValidateCollections(string[]? collections, Caller caller, Dictionary<string, string[]> errors)
    {
        if (collections is not { Length: > 0 })
        {
            errors["collections"] = ["At least one collection (db.coll) is required."];
            return;
        }

        if (collections.Length > MaxCollections)
        {
            errors["collections"] = [$"At most {MaxCollections} collections."];
            return;
        }

        var watched = WatchedCollections();
        for (var i = 0; i < collections.Length; i++)
        {
            var collection = collections[i];
            if (string.IsNullOrWhiteSpace(collection) || !watched.Contains(collection))
            {
                errors[$"collections[{i}]"] = [$"'{Truncate(collection)}' is not a watched collection. Watched: {(watched.Count == 0 ? "none" : string.Join(", ", watched.Order(StringComparer.Ordinal)))}."];
            }
            else if (!caller.MayAccess(collection))
            {
                errors[$"collections[{i}]"] = [$"Your token does not grant access to '{collection}'."];
            }
        }
    }

    private static void ValidateOperationTypes(string[]? operationTypes, Dictionary<string, string[]> errors)
    {
        for (var i = 0; i < (operationTypes?.Length ?? 0); i++)
        {
            if (!KnownOperationTypes.Contains(operationTypes![i] ?? ""))
            {
                errors[$"operationTypes[{i}]"] = [$"Unknown operation type '{Truncate(operationTypes[i])}'; use insert, update, replace or delete."];
            }
        }
    }

    private static void ValidateFields(string[]? fields, Dictionary<string, string[]> errors)
    {
        if (fields is null || fields.Length == 0)
        {
            return;
        }

        if (fields.Length > MaxFields)
        {
            errors["fields"] = [$"At most {MaxFields} fields."];
            return;
        }

        for (var i = 0; i < fields.Length; i++)
        {
            // A control character (NUL above all) cannot be part of a BSON field name: it would fail when stored.
            if (string.IsNullOrWhiteSpace(fields[i]) || fields[i].Length > 200 || fields[i].Any(char.IsControl))
            {
                errors[$"fields[{i}]"] = ["A dotted path of 1 to 200 characters, without control characters."];
            }
        }

        if (!errors.Keys.Any(k => k.StartsWith("fields", StringComparison.Ordinal)) && SubscriptionFields.Validate(fields) is { } error)
        {
            errors["fields"] = [error.Message];
        }
    }

    private static void ValidateHeaders(Dictionary<string, string>? headers, Dictionary<string, string[]> errors)
    {
        if (headers is null)
        {
            return;
        }

        if (headers.Count > MaxHeaders)
        {
            errors["headers"] = [$"At most {MaxHeaders} headers."];
            return;
        }

        foreach (var (name, value) in headers)
        {
            var key = $"headers.{Truncate(name)}";
            if (!HeaderName().IsMatch(name))
            {
                errors[key] = ["Header names are 1 to 64 letters, digits, '-' or '_'."];
            }
            else if (ReservedHeaders.Contains(name) || name.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("content-", StringComparison.OrdinalIgnoreCase))
            {
                errors[key] = ["This header is set by the gateway and cannot be overridden."];
            }
            else if (value is null || value.Length > MaxHeaderValueLength || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                errors[key] = [$"A value of at most {MaxHeaderValueLength} characters without line breaks."];
            }
        }
    }

    private static void ValidateTenant(string? tenantId, Caller caller, WebhookSubscription? existing, Dictionary<string, string[]> errors)
    {
        if (tenantId is null)
        {
            return;
        }

        if (existing is not null)
        {
            if (!string.Equals(tenantId, existing.TenantId, StringComparison.Ordinal))
            {
                errors["tenantId"] = ["The tenant of a subscription cannot be changed."];
            }
        }
        else if (!caller.IsAdmin && !string.Equals(tenantId, caller.TenantId, StringComparison.Ordinal))
        {
            errors["tenantId"] = ["Only admin tokens may subscribe to another tenant's events."];
        }
        else if (tenantId.Length is 0 or > MaxTenantLength)
        {
            errors["tenantId"] = [$"1 to {MaxTenantLength} characters."];
        }
    }

    private HashSet<string> WatchedCollections() => new(gateway.Value.Watch.Select(w => w.Namespace), StringComparer.Ordinal);

    private static string Truncate(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "...";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex HeaderName();
}
