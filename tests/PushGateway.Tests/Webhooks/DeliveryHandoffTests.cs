using Microsoft.Extensions.Options;
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

        Assert.False(handoff.TryReserve(100));
    }

    [Fact]
    public void TryReserve_LimitReached_RefusedUntilTheWorkerTakesRows()
    {
        var handoff = Create(limit: 2);
        handoff.Open();
        var rows = new[] { Row("a", Now.AddMinutes(1)), Row("b", Now.AddMinutes(1)) };
        foreach (var row in rows)
        {
            Assert.True(handoff.TryReserve(row.Body.Length));
            handoff.Enqueue(row);
        }

        Assert.False(handoff.TryReserve(1));

        var taken = new List<DeliveryRow>();
        Assert.Equal(0, handoff.Take(taken, 1, Now, Margin));
        Assert.Equal(["a"], taken.Select(r => r.Id));
        Assert.True(handoff.TryReserve(1));
    }

    [Fact]
    public void TryReserve_LimitZero_NeverLeasesAtInsert()
    {
        var handoff = Create(limit: 0);
        handoff.Open();

        Assert.False(handoff.TryReserve(1));
    }

    [Fact]
    public void Cancel_RowNotWritten_GivesItsRoomBack()
    {
        var handoff = Create(limit: 1);
        handoff.Open();
        var row = Row("a", Now.AddMinutes(1));
        Assert.True(handoff.TryReserve(row.Body.Length));

        handoff.Cancel(row);

        Assert.True(handoff.TryReserve(row.Body.Length));
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
            Assert.True(handoff.TryReserve(row.Body.Length));
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

        Assert.False(handoff.TryReserve(1));
    }

    private static DeliveryHandoff Create(int limit) => new(Options.Create(new WebhookOptions { InsertLeaseLimit = limit }));

    private static DeliveryRow Row(string id, DateTime leaseEnds) => new() { Id = id, Body = "{}"u8.ToArray(), LeaseToken = "t", DueAt = leaseEnds };
}
