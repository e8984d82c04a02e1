namespace PushGateway.ChangeStreams;

/// <summary>What the multiplexer does when a collection's resume token has fallen out of the oplog (MongoDB error 286).</summary>
public enum HistoryLostPolicy
{
    /// <summary>
    /// Log an error, count it, mark readiness Degraded for a while, restart the stream from now and tell the
    /// collection's subscribers <c>recovered: false</c> so they refetch. The events in the gap are not delivered.
    /// </summary>
    RestartFromNow,

    /// <summary>Log an error and stop watching the collection; readiness reports Unhealthy until an operator restarts the gateway.</summary>
    Halt,
}
