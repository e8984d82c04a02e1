using System.Net;
using System.Net.Sockets;

namespace PushGateway.Webhooks.Security;

/// <summary>
/// Which IP addresses a webhook may reach: only public unicast ones. Loopback, private (RFC 1918, ULA), link-local,
/// CGNAT, multicast, unspecified, reserved, documentation and cloud-metadata ranges are refused, in IPv4 and IPv6;
/// IPv4-mapped and NAT64/6to4-embedded IPv4 addresses are unwrapped and judged as IPv4.
/// </summary>
internal static class AddressPolicy
{
    private static readonly IPNetwork[] BlockedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this" network
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // CGNAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, includes 169.254.169.254 cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments (incl. 192.0.0.192 Oracle metadata)
        IPNetwork.Parse("192.0.2.0/24"),     // documentation
        IPNetwork.Parse("192.88.99.0/24"),   // 6to4 relay
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation
        IPNetwork.Parse("203.0.113.0/24"),   // documentation
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, broadcast
    ];

    private static readonly IPNetwork[] BlockedV6 =
    [
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("100::/64"),         // discard
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("fc00::/7"),         // unique local (private), includes fd00:ec2::254 AWS metadata
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>True when a webhook may connect to <paramref name="address"/>.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsPublic(address.MapToIPv4());
            }

            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address))
            {
                return IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
            }

            if (SixToFour.Contains(address))
            {
                return IsPublic(new IPAddress(bytes.AsSpan(2, 4)));
            }

            // IPv4-compatible (::a.b.c.d, deprecated) also reaches IPv4 hosts on some stacks.
            if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
            {
                return !BlockedV6.Any(n => n.Contains(address)) && IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
            }

            return !BlockedV6.Any(n => n.Contains(address));
        }

        return address.AddressFamily == AddressFamily.InterNetwork && !BlockedV4.Any(n => n.Contains(address));
    }
}
