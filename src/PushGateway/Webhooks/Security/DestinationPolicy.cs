using System.Net;
using Microsoft.Extensions.Options;

namespace PushGateway.Webhooks.Security;

/// <summary>Applies <see cref="WebhookOptions.AllowedHosts"/> on top of <see cref="AddressPolicy"/>.</summary>
internal sealed class DestinationPolicy
{
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    public DestinationPolicy(IOptions<WebhookOptions> options)
    {
        foreach (var entry in options.Value.AllowedHosts)
        {
            var value = entry.Trim();
            if (value.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(value, out var network))
            {
                _networks.Add(network);
            }
            else if (IPAddress.TryParse(value.Trim('[', ']'), out var address))
            {
                _networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else if (value.Length > 0)
            {
                _hosts.Add(value);
            }
        }
    }

    /// <summary>True when <paramref name="host"/> is listed by name or, as an IP literal, falls in a listed network.</summary>
    public bool IsAllowListed(string host) =>
        _hosts.Contains(host) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsAllowListed(address));

    public bool IsAllowListed(IPAddress address) =>
        _networks.Any(n => n.Contains(address)) || (address.IsIPv4MappedToIPv6 && _networks.Any(n => n.Contains(address.MapToIPv4())));

    /// <summary>Whether a connection to <paramref name="address"/>, resolved from <paramref name="host"/>, may be made.</summary>
    public bool MayConnect(string host, IPAddress address) =>
        _hosts.Contains(host) || IsAllowListed(address) || AddressPolicy.IsPublic(address);
}
