using PushGateway.ChangeStreams;

namespace PushGateway.Realtime;

/// <summary>An event waiting on a <see cref="TenantLane"/>, and what the lane does with it.</summary>
internal readonly record struct LaneWork(ChangeEvent Change, LaneWorkKind Kind);
