using MongoDB.Bson;
using PushGateway.ChangeStreams;
using PushGateway.Realtime;

namespace PushGateway.Tests.CostIsolation;

/// <summary>Each tenant's events are evaluated on its own lane: one tenant's slow filters hold up only its own events.</summary>
public sealed class TenantLaneTests
{
    [Fact]
    public async Task Post_OtherTenantsLaneStuck_ThisLaneStillDispatchesInOrder()
    {
        var release = new ManualResetEventSlim();
        var attackerFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attackerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attackerDone = 0;
        var attacker = new TenantLane("attacker", (_, _) =>
        {
            attackerStarted.TrySetResult();
            release.Wait(TimeSpan.FromMinutes(1));
            if (Interlocked.Increment(ref attackerDone) == 2)
            {
                attackerFinished.SetResult();
            }
        });
        var victimSeen = new List<string>();
        var victimDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var victim = new TenantLane("victim", (_, work) =>
        {
            victimSeen.Add(work.Change.EventId);
            if (victimSeen.Count == 3)
            {
                victimDone.SetResult();
            }
        });

        attacker.Post(Event("01", "attacker"), LaneWorkKind.Change);
        attacker.Post(Event("02", "attacker"), LaneWorkKind.Change);
        await attackerStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var id in new[] { "03", "04", "05" })
        {
            victim.Post(Event(id, "victim"), LaneWorkKind.Change);
        }

        await victimDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, Volatile.Read(ref attackerDone));
        Assert.Equal(["03", "04", "05"], victimSeen);
        Assert.Equal("02", attacker.FirstPendingEventId); // "01" is still being evaluated, "02" waits behind it

        release.Set();
        await attackerFinished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        release.Dispose();
    }

    [Fact]
    public async Task Post_ManyEvents_AllDispatchedOnceInOrder()
    {
        var seen = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lane = new TenantLane("t", (_, work) =>
        {
            seen.Add(work.Change.EventId);
            if (seen.Count == 500)
            {
                done.SetResult();
            }
        });
        var ids = Enumerable.Range(0, 500).Select(i => i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.ForEach(id => lane.Post(Event(id, "t"), LaneWorkKind.Change));

        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ids, seen);
        Assert.Null(lane.FirstPendingEventId);
    }

    private static ChangeEvent Event(string id, string tenant) => new()
    {
        EventId = id,
        Collection = "db.coll",
        OperationType = "insert",
        DocumentKey = new BsonDocument("_id", id),
        ClusterTime = new BsonTimestamp(1, 1),
        WallTime = DateTime.UnixEpoch,
        TenantId = tenant,
        ResumeToken = new BsonDocument("_data", id),
        Document = new BsonDocument("operationType", "insert"),
    };
}
