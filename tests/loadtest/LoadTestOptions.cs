using System.Globalization;

namespace PushGateway.LoadTest;

/// <summary>Command line of the load tool (see LOADTEST.md).</summary>
internal sealed record LoadTestOptions
{
    public Uri Gateway { get; init; } = new("http://127.0.0.1:5099");

    public string Mongo { get; init; } = "mongodb://127.0.0.1:27099/?directConnection=true";

    /// <summary>The gateway's HS256 key (Auth:SigningKey), issuer and audience, to sign client tokens.</summary>
    public string SigningKey { get; init; } = "loadtest-signing-key-0123456789-abcdefghijklmnop";

    public string Issuer { get; init; } = "pushgateway";

    public string Audience { get; init; } = "pushgateway";

    public string Collection { get; init; } = "load.events";

    public int Clients { get; init; } = 100;

    /// <summary>Clients are spread over this many tenants; each write goes to one tenant, so to Clients/Tenants clients.</summary>
    public int Tenants { get; init; } = 1;

    /// <summary>Writes per second into the watched collection.</summary>
    public int Rate { get; init; } = 100;

    public int DurationSeconds { get; init; } = 20;

    /// <summary>Seconds of writes at the same rate before the measured phase (JIT, pools); reported apart.</summary>
    public int WarmupSeconds { get; init; } = 15;

    /// <summary>Gateway process id, for CPU and memory (read from /proc); 0 = not measured.</summary>
    public int GatewayPid { get; init; }

    public static LoadTestOptions Parse(string[] args)
    {
        var o = new LoadTestOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            o = args[i] switch
            {
                "--gateway" => o with { Gateway = new Uri(v) },
                "--mongo" => o with { Mongo = v },
                "--signing-key" => o with { SigningKey = v },
                "--collection" => o with { Collection = v },
                "--clients" => o with { Clients = Int(v) },
                "--tenants" => o with { Tenants = Int(v) },
                "--rate" => o with { Rate = Int(v) },
                "--duration" => o with { DurationSeconds = Int(v) },
                "--warmup" => o with { WarmupSeconds = Int(v) },
                "--gateway-pid" => o with { GatewayPid = Int(v) },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }

        return o;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
