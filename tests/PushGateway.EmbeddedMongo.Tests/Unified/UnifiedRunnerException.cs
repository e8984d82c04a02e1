namespace PushGateway.EmbeddedMongo.Tests.Unified;

/// <summary>
/// A spec test uses something this runner does not implement. Kept apart from driver exceptions so that a runner gap
/// is never mistaken for the error a test expects.
/// </summary>
internal sealed class UnifiedRunnerException(string message) : Exception(message);
