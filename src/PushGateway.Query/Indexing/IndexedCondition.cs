using MongoDB.Bson;

namespace PushGateway.Query.Indexing;

/// <summary>An equality or <c>$in</c> conjunct of a filter's top-level AND: the filter can only match events with one of <see cref="Values"/> at <see cref="Path"/>.</summary>
internal sealed record IndexedCondition(string Path, IReadOnlyList<BsonValue> Values);
