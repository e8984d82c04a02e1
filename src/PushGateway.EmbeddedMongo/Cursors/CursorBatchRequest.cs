namespace PushGateway.EmbeddedMongo.Cursors;

/// <summary>What a find/aggregate/getMore asks of a cursor batch.</summary>
internal readonly record struct CursorBatchRequest(int? BatchSize, TimeSpan? MaxAwait, bool First);
