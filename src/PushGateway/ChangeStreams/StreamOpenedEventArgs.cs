namespace PushGateway.ChangeStreams;

/// <summary>
/// A collection's change stream has been (re)opened. <paramref name="LastEventId"/> is the last event a previous
/// run delivered before the checkpoint the stream resumed from (null on a fresh start or after history was lost):
/// every event after it will be delivered, so a consumer may treat it as the start of a gap-free history.
/// </summary>
internal sealed record StreamOpenedEventArgs(string Collection, string? LastEventId);
