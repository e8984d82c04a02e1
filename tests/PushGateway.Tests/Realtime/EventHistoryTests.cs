using MongoDB.Bson;
using PushGateway.ChangeStreams;
using PushGateway.Realtime;

namespace PushGateway.Tests.Realtime;

public sealed class EventHistoryTests
{
    [Fact]
    public void TryGetAfter_KeptEvent_ReturnsTheEventsAfterIt()
    {
        var history = new EventHistory(10);
        foreach (var id in new[] { "01", "02", "03" })
        {
            history.Append(Event(id));
        }

        Assert.True(history.TryGetAfter("01", out var after));
        Assert.Equal(["02", "03"], after.Select(e => e.EventId));
    }

    [Fact]
    public void TryGetAfter_EvictedEvent_NotRecoverable()
    {
        var history = new EventHistory(2);
        foreach (var id in new[] { "01", "02", "03", "04" })
        {
            history.Append(Event(id));
        }

        Assert.False(history.TryGetAfter("01", out _));
        Assert.True(history.TryGetAfter("02", out var fromAnchor));
        Assert.Equal(["03", "04"], fromAnchor.Select(e => e.EventId));
    }

    [Fact]
    public void TryGetAfter_PreviousRunsLastEvent_ReplaysEverythingSinceRestart()
    {
        var history = new EventHistory(10);
        history.Reset("05");
        history.Append(Event("06"));

        Assert.True(history.TryGetAfter("05", out var after));
        Assert.Equal(["06"], after.Select(e => e.EventId));
    }

    [Fact]
    public void Append_RetriedEvent_IsSkipped()
    {
        var history = new EventHistory(10);
        history.Append(Event("01"));
        history.Append(Event("02"));

        Assert.False(history.Append(Event("02")));
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public void TryGetAfter_AfterHistoryLost_NotRecoverable()
    {
        var history = new EventHistory(10);
        history.Append(Event("01"));
        history.Reset(null);

        Assert.False(history.TryGetAfter("01", out _));
    }

    [Fact]
    public void Position_NoEventYet_ResumesWithEverythingSince()
    {
        var history = new EventHistory(10);
        var position = history.Position;
        history.Reset("05");
        history.Append(Event("06"));

        Assert.True(history.TryGetAfter(position, out var after));
        Assert.Equal(["06"], after.Select(e => e.EventId));
    }

    [Fact]
    public void Position_AfterEvents_IsTheNewestEvent()
    {
        var history = new EventHistory(10);
        history.Append(Event("01"));
        history.Append(Event("02"));

        Assert.Equal("02", history.Position);
        Assert.True(history.TryGetAfter(history.Position, out var after));
        Assert.Empty(after);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Position_NoEventYetThenEvictionOrLoss_NotRecoverable(bool lost)
    {
        var history = new EventHistory(1);
        var position = history.Position;
        history.Append(Event("01"));
        if (lost)
        {
            history.Reset(null);
        }
        else
        {
            history.Append(Event("02"));
        }

        Assert.False(history.TryGetAfter(position, out _));
    }

    [Fact]
    public void Position_OfAnotherHistory_NotRecoverable()
    {
        var before = new EventHistory(10).Position;
        var history = new EventHistory(10);

        Assert.False(history.TryGetAfter(before, out _));
    }

    private static ChangeEvent Event(string id) => new()
    {
        EventId = id,
        Collection = "db.c",
        OperationType = "insert",
        DocumentKey = new BsonDocument("_id", id),
        ClusterTime = new BsonTimestamp(1, 1),
        WallTime = DateTime.UnixEpoch,
        ResumeToken = new BsonDocument("_data", id),
        Document = [],
    };
}
