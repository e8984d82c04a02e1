namespace PushGateway.ConsoleClient;

/// <summary>Command-line settings of the sample client.</summary>
internal sealed record ConsoleClientOptions
{
    /// <summary>Gateway base address. Default <c>http://localhost:5080</c>.</summary>
    public Uri Gateway { get; init; } = new("http://localhost:5080");

    /// <summary>A bearer token; when empty, a development token is requested for <see cref="Tenant"/> (Development gateways only).</summary>
    public string? Token { get; init; }

    /// <summary>Tenant for the development token. Default <c>acme</c>.</summary>
    public string Tenant { get; init; } = "acme";

    /// <summary>Collection to subscribe to, <c>db.coll</c>. Default <c>shop.orders</c>.</summary>
    public string Collection { get; init; } = "shop.orders";

    /// <summary>Optional filter (SQL or MQL).</summary>
    public string? Filter { get; init; }

    /// <summary>Stop after this many events (0 = run until Ctrl+C).</summary>
    public int MaxEvents { get; init; }

    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        PushGateway console client: prints the live changes of one collection; reconnects and resumes by itself.

        Usage: dotnet run --project client-samples/dotnet-console -- [options]

          --gateway URL       gateway base address (default http://localhost:5080)
          --token JWT         bearer token; without it a Development gateway's /api/dev/token is asked for one
                              (get one from any gateway: dotnet run --project src/PushGateway -- token --tenant acme)
          --tenant ID         tenant for the development token (default acme)
          --collection NS     collection to watch, db.coll (default shop.orders)
          --filter TEXT       SQL WHERE or MQL JSON over the change event, e.g. "fullDocument.total > 100"
          --max-events N      stop after N changes (default 0: until Ctrl+C)
          -h, --help          show this help
        """;

    /// <summary>True when the arguments ask for <see cref="Usage"/>.</summary>
    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    public static ConsoleClientOptions Parse(string[] args)
    {
        var options = new ConsoleClientOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option {args[i]} needs a value. See --help.");
            }

            var value = args[i + 1];
            options = args[i] switch
            {
                "--gateway" => options with { Gateway = new Uri(value) },
                "--token" => options with { Token = value },
                "--tenant" => options with { Tenant = value },
                "--collection" => options with { Collection = value },
                "--filter" => options with { Filter = value },
                "--max-events" => options with { MaxEvents = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --gateway URL --token JWT --tenant ID --collection db.coll --filter TEXT --max-events N (see --help)"),
            };
        }

        return options;
    }
}
