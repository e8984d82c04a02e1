using PushGateway.Filters;

namespace PushGateway.Tests.CostIsolation;

/// <summary>Each tenant's filter time is its own: spending it stops that tenant's filters only, and it comes back with time.</summary>
public sealed class TenantFilterClockTests
{
    [Fact]
    public void Begin_TenantOverspent_EmptyBudgetForItAndFullForOthers()
    {
        var time = new ManualTimeProvider();
        var clock = new TenantFilterClock(time, Microsoft.Extensions.Logging.Abstractions.NullLogger<TenantFilterClock>.Instance);

        var attacker = clock.Begin("attacker");
        attacker.Bucket.Charge(TimeSpan.FromSeconds(2));

        Assert.Equal(0, clock.Begin("attacker").Budget.Remaining);
        Assert.Equal(GatewayFilter.TenantWorkPerEvent, clock.Begin("victim").Budget.Remaining);
    }

    [Fact]
    public void Begin_OverspentThenTimePasses_BudgetComesBack()
    {
        var time = new ManualTimeProvider();
        var clock = new TenantFilterClock(time, Microsoft.Extensions.Logging.Abstractions.NullLogger<TenantFilterClock>.Instance);
        clock.Begin("attacker").Bucket.Charge(TimeSpan.FromSeconds(1));

        // The 0.5 s burst less 1 s spent leaves 0.5 s of debt, earned back at 0.2 s per second: positive after 2.5 s.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, clock.Begin("attacker").Budget.Remaining);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(GatewayFilter.TenantWorkPerEvent, clock.Begin("attacker").Budget.Remaining);
    }

    [Fact]
    public void Begin_LongIdle_SavesNoMoreThanTheBurst()
    {
        var time = new ManualTimeProvider();
        var clock = new TenantFilterClock(time, Microsoft.Extensions.Logging.Abstractions.NullLogger<TenantFilterClock>.Instance);
        clock.Begin("t");
        time.Advance(TimeSpan.FromHours(1));

        var evaluation = clock.Begin("t");
        evaluation.Bucket.Charge(TenantFilterClock.Burst + TimeSpan.FromMilliseconds(1));

        Assert.Equal(0, clock.Begin("t").Budget.Remaining);
    }

    [Fact]
    public void Begin_ManyTenantsFromDocuments_FullBucketsSweptAndSpentOnesKept()
    {
        var time = new ManualTimeProvider();
        var clock = new TenantFilterClock(time, Microsoft.Extensions.Logging.Abstractions.NullLogger<TenantFilterClock>.Instance);
        clock.Begin("attacker").Bucket.Charge(TimeSpan.FromSeconds(1));
        for (var i = 0; i <= TenantFilterClock.SweepAbove; i++)
        {
            clock.Begin($"t{i}");
        }

        clock.Begin("one-more");

        Assert.True(clock.TenantCount < 10, $"{clock.TenantCount} buckets kept");
        Assert.Equal(0, clock.Begin("attacker").Budget.Remaining);
    }
}
