using System.ComponentModel.DataAnnotations;

namespace PushGateway.Realtime;

/// <summary>The SignalR hub's limits (<c>Realtime:*</c>).</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>
    /// Messages queued per connection before the oldest is dropped, in messages. Default 1024. When the queue is
    /// full the oldest queued message is dropped and the client receives an <c>overflow</c> message
    /// (<c>{dropped}</c>) before the next one: it should resubscribe with <c>resumeFrom</c> or refetch.
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Events kept per collection for <c>resumeFrom</c> replay, in events. Default 1000.</summary>
    [Range(0, 1_000_000)]
    public int HistorySize { get; set; } = 1000;

    /// <summary>Most subscriptions one connection may hold. Default 100.</summary>
    [Range(1, 10_000)]
    public int MaxSubscriptionsPerConnection { get; set; } = 100;

    /// <summary>Longest filter text accepted, in characters. Default 4096.</summary>
    [Range(1, 1_000_000)]
    public int MaxFilterLength { get; set; } = 4096;
}
