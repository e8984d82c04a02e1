using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PushGateway.ChangeStreams;

/// <summary>
/// Checks every <c>Gateway:Watch</c> entry at startup; a failure names the entry's key (<c>Gateway:Watch:0:Collection</c>)
/// and what a valid value looks like, so the gateway stops with one line instead of a cursor that can never open.
/// </summary>
internal sealed partial class GatewayOptionsValidator(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        UnboundEntries(failures);
        for (var i = 0; i < options.Watch.Count; i++)
        {
            var watch = options.Watch[i];
            var key = $"{GatewayOptions.SectionName}:Watch:{i}";
            if (watch is null)
            {
                failures.Add($"{key} is empty: each entry needs Database, Collection and TenantField.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(watch.Database) || !DatabaseName().IsMatch(watch.Database))
            {
                failures.Add($"{key}:Database must be a MongoDB database name (1-63 characters, none of / \\ . space \" $ * < > : | ?); got '{watch.Database}'.");
            }

            if (string.IsNullOrWhiteSpace(watch.Collection) || watch.Collection.Contains('$', StringComparison.Ordinal)
                || watch.Collection.Contains('\0', StringComparison.Ordinal) || watch.Collection.StartsWith("system.", StringComparison.Ordinal)
                || watch.Collection.Length > 200)
            {
                failures.Add($"{key}:Collection must be a collection name (1-200 characters, no $, not system.*); got '{watch.Collection}'.");
            }

            if (string.IsNullOrWhiteSpace(watch.TenantField) || watch.TenantField.StartsWith('$')
                || watch.TenantField.Split('.').Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{key}:TenantField must be a dotted field path such as tenantId or owner.tenant; got '{watch.TenantField}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The configuration binder silently drops a list entry whose value cannot be converted (<c>FullDocument: maybe</c>),
    /// which would leave a collection unwatched without a word: bind each configured entry alone to name the culprit.
    /// </summary>
    private void UnboundEntries(List<string> failures)
    {
        foreach (var entry in configuration.GetSection($"{GatewayOptions.SectionName}:Watch").GetChildren())
        {
            try
            {
                entry.Get<WatchOptions>();
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message.Trim().TrimEnd('.') + $" ({entry.Path} is ignored otherwise).");
            }
        }
    }

    [GeneratedRegex(@"^[^/\\. ""$*<>:|?]{1,63}$")]
    private static partial Regex DatabaseName();
}
