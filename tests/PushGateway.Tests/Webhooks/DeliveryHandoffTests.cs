using Microsoft.Extensions.Options;
using PushGateway.Tests.CostIsolation;
using PushGateway.Webhooks;
using PushGateway.Webhooks.Delivery;

namespace PushGateway.Tests.Webhooks;

/// <summary>Lease at insert: how many rows the outbox may write leased to this instance, and what the worker gets back.</summary>
public sealed class DeliveryHandoffTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    [Fact]
    public void TryReserve_WorkerNotRunning_RowIsWrittenDueInstead()
    {
        var handoff = Create(limit: 10);

        Assert.Equal(HandoffLease.None, handoff.TryReserve(100));
    }

    [Fact]
    public void TryReserve_LimitReached_RefusedUntilTheWorkerTakesRows()
    {
        var handoff = Create(limit: 2);
        handoff.Open();
        var rows = new[] { Row("a", Now.AddMinutes(1)), Row("b", Now.AddMinutes(1)) };
        foreach (var row in rows)
        {
            Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(row.Body.Length));
            handoff.Enqueue(row);
        }

        Assert.Equal(HandoffLease.None, handoff.TryReserve(1));

        var taken = new List<DeliveryRow>();
        Assert.Equal(0, handoff.Take(taken, 1, Now, Margin));
        Assert.Equal(["a"], taken.Select(r => r.Id));
        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(1));
    }

    [Fact]
    public void TryReserve_LimitZero_NeverLeasesAtInsert()
    {
        var handoff = Create(limit: 0);
        handoff.Open();

        Assert.Equal(HandoffLease.None, handoff.TryReserve(1));
    }

    [Fact]
    public void Cancel_RowNotWritten_GivesItsRoomBack()
    {
        var handoff = Create(limit: 1);
        handoff.Open();
        var row = Row("a", Now.AddMinutes(1));
        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(row.Body.Length));

        handoff.Cancel(row, HandoffLease.InMemory);

        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(row.Body.Length));
        Assert.Equal(0, handoff.Count);
    }

    [Fact]
    public void Take_LeaseEndsWithinTheMargin_DroppedForALeaseFromMongo()
    {
        var handoff = Create(limit: 10);
        handoff.Open();
        var fresh = Row("fresh", Now + Margin + TimeSpan.FromSeconds(1));
        var stale = Row("stale", Now + Margin - TimeSpan.FromSeconds(1));
        foreach (var row in new[] { stale, fresh })
        {
            Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(row.Body.Length));
            handoff.Enqueue(row);
        }

        var taken = new List<DeliveryRow>();
        var dropped = handoff.Take(taken, 10, Now, Margin);

        Assert.Equal(1, dropped);
        Assert.Equal(["fresh"], taken.Select(r => r.Id));
    }

    [Fact]
    public void Close_WorkerStopped_NoMoreRowsLeasedAtInsert()
    {
        var handoff = Create(limit: 10);
        handoff.Open();
        handoff.Close();

        Assert.Equal(HandoffLease.None, handoff.TryReserve(1));
    }

    [Fact]
    public void TryReserve_BurstBeyondTheLimitAfterTheWorkerShowedItsRate_SpilledUpToHalfTheUsableLease()
    {
        // The worker started 10 rows/s; the usable lease is 60 s - 15 s: 10 * 45 / 2 = 225 rows may wait for it.
        var handoff = OpenAfterDraining(limit: 1, rowsInASecond: 10);
        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(1));

        var leases = Enumerable.Range(0, 300).Select(_ => handoff.TryReserve(1)).ToList();

        Assert.Equal(224, leases.Count(l => l == HandoffLease.Spilled));
        Assert.All(leases.Skip(224), l => Assert.Equal(HandoffLease.None, l));
    }

    [Fact]
    public void TryReserve_NoDrainRateYet_NothingSpills()
    {
        var handoff = Create(limit: 1);
        handoff.Open();
        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(1));

        Assert.Equal(HandoffLease.None, handoff.TryReserve(1));
    }

    [Fact]
    public void TryReserve_WhileABatchIsSpilled_NewRowsSpillTooSoTheyAreHandedOverInOrder()
    {
        var handoff = OpenAfterDraining(limit: 1, rowsInASecond: 100);
        var held = Row("held", Now.AddMinutes(1));
        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(held.Body.Length));
        handoff.Enqueue(held);
        Assert.Equal(HandoffLease.Spilled, handoff.TryReserve(1));
        handoff.Enqueue(new SpilledLease("t1", Now.AddMinutes(1), 1));
        var taken = new List<DeliveryRow>();
        handoff.Take(taken, 10, Now, Margin);

        // The memory has room again, but a spilled batch waits: a new row goes behind it.
        Assert.Equal(HandoffLease.Spilled, handoff.TryReserve(1));
        handoff.Enqueue(new SpilledLease("t2", Now.AddMinutes(1), 1));

        Assert.Equal("t1", handoff.TakeSpilled(Now, Margin, out _)?.Token);
        Assert.Equal("t2", handoff.TakeSpilled(Now, Margin, out _)?.Token);
        Assert.Null(handoff.TakeSpilled(Now, Margin, out _));
        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(1));
    }

    [Fact]
    public void TakeSpilled_LeaseEndsWithinTheMargin_DroppedForALeaseFromMongo()
    {
        var handoff = Create(limit: 10);
        handoff.Open();
        handoff.Enqueue(new SpilledLease("stale", Now + Margin - TimeSpan.FromSeconds(1), 3));
        handoff.Enqueue(new SpilledLease("fresh", Now + Margin + TimeSpan.FromSeconds(1), 2));

        var next = handoff.TakeSpilled(Now, Margin, out var dropped);

        Assert.Equal("fresh", next?.Token);
        Assert.Equal(3, dropped);
    }

    [Fact]
    public void Cancel_SpilledRowNotWritten_GivesItsRoomBack()
    {
        var handoff = OpenAfterDraining(limit: 1, rowsInASecond: 10);
        Assert.Equal(HandoffLease.InMemory, handoff.TryReserve(1));
        Assert.Equal(HandoffLease.Spilled, handoff.TryReserve(1));

        handoff.Cancel(Row("a", Now), HandoffLease.Spilled);

        Assert.Equal(0, handoff.SpilledCount);
    }

    private static DeliveryHandoff Create(int limit, TimeProvider? time = null) =>
        new(Options.Create(new WebhookOptions { InsertLeaseLimit = limit }), time ?? new ManualTimeProvider());

    /// <summary>An open handoff whose worker has started <paramref name="rowsInASecond"/> rows in one second.</summary>
    private static DeliveryHandoff OpenAfterDraining(int limit, int rowsInASecond)
    {
        var clock = new ManualTimeProvider();
        var handoff = Create(limit, clock);
        handoff.Open();
        handoff.Drained(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        handoff.Drained(rowsInASecond);
        return handoff;
    }

    private static DeliveryRow Row(string id, DateTime leaseEnds) => new() { Id = id, Body = "{}"u8.ToArray(), LeaseToken = "t", DueAt = leaseEnds };
}
