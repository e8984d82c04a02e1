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

    /// <summary>Clients pass their token as the <c>access_token</c> query value, as browsers must, instead of the
    /// <c>Authorization</c> header.</summary>
    public bool TokenInQuery { get; init; }

    /// <summary>Seconds to keep the idle clients connected after the idle heap measurement, before any write, so that a
    /// dump can be taken of the idle gateway (<c>dotnet-dump collect -p PID</c>); 0 = go straight on.</summary>
    public int HoldSeconds { get; init; }

    /// <summary>Runs the noisy-neighbour scenario (issue 10) instead of the fan-out load test; see LOADTEST.md.</summary>
    public bool NoisyNeighbor { get; init; }

    /// <summary>Noisy neighbour: attacker SignalR connections, each holding <see cref="AttackerSubscriptions"/> filters.</summary>
    public int AttackerConnections { get; init; } = 1;

    public int AttackerSubscriptions { get; init; } = 100;

    /// <summary>Noisy neighbour: attacker writes/s, each an adversarial document.</summary>
    public int AttackerRate { get; init; } = 10;

    /// <summary>Noisy neighbour: strings per attacker document, their length, and small documents in its array.</summary>
    public int AttackerStrings { get; init; } = 100;

    public int AttackerStringLength { get; init; } = 1_000;

    public int AttackerItems { get; init; } = 100_000;

    /// <summary>Noisy neighbour: attacker subscriptions replaced by fresh (cold-automaton) filters after every attacker write.</summary>
    public int AttackerChurn { get; init; }

    /// <summary>Noisy neighbour: attacker webhook subscriptions, with the same filter kinds (they never match, so nothing is sent).</summary>
    public int AttackerWebhooks { get; init; }

    /// <summary>Noisy neighbour: which attacker filter kinds to cycle over (indexes into NoisyNeighborRunner's list), e.g. "0,1".</summary>
    public string AttackerKinds { get; init; } = "0,1,2,3";

    /// <summary>Noisy neighbour: the victim tenant's writes/s (small documents, one simple subscription).</summary>
    public int VictimRate { get; init; } = 20;

    public static LoadTestOptions Parse(string[] args)
    {
        var o = new LoadTestOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] == "--noisy-neighbor")
            {
                o = o with { NoisyNeighbor = true };
                i--;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option {args[i]} needs a value");
            }

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
                "--hold" => o with { HoldSeconds = Int(v) },
                "--token-in-query" => o with { TokenInQuery = v is "1" or "true" },
                "--attacker-connections" => o with { AttackerConnections = Int(v) },
                "--attacker-subscriptions" => o with { AttackerSubscriptions = Int(v) },
                "--attacker-rate" => o with { AttackerRate = Int(v) },
                "--attacker-strings" => o with { AttackerStrings = Int(v) },
                "--attacker-string-length" => o with { AttackerStringLength = Int(v) },
                "--attacker-items" => o with { AttackerItems = Int(v) },
                "--attacker-churn" => o with { AttackerChurn = Int(v) },
                "--attacker-kinds" => o with { AttackerKinds = v },
                "--attacker-webhooks" => o with { AttackerWebhooks = Int(v) },
                "--victim-rate" => o with { VictimRate = Int(v) },
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }

        return o;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
