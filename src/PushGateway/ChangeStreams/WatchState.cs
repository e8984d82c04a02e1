namespace PushGateway.ChangeStreams;

/// <summary>Health of one collection's cursor, as shown on <c>/health/ready</c>.</summary>
internal enum WatchState
{
    Starting,
    Running,
    Retrying,
    Halted,
}
