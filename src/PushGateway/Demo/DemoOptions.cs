using System.ComponentModel.DataAnnotations;

namespace PushGateway.Demo;

/// <summary>The demo data writer (<c>Demo:*</c>): realistic shop changes so a newcomer sees movement at once.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>
    /// Write demo changes and watch <c>shop.products</c>, <c>shop.orders</c>, <c>shop.customers</c>. Default: on in
    /// Development, off otherwise. Only ever on the embedded server: ignored (with a warning) when
    /// <c>Mongo:ConnectionString</c> is set.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Database the demo writes to. Default <c>shop</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Database { get; set; } = "shop";

    /// <summary>Tenants the demo writes for. Default acme, globex, initech.</summary>
    public List<string> Tenants { get; set; } = [];

    /// <summary>Pause between two demo writes, in milliseconds. Default 700.</summary>
    [Range(10, 600_000)]
    public int IntervalMilliseconds { get; set; } = 700;

    public IReadOnlyList<string> EffectiveTenants => Tenants.Count > 0 ? Tenants : ["acme", "globex", "initech"];
}
