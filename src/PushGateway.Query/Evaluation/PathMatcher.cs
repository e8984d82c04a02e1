using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

/// <summary>A value predicate applied along a dotted path with MongoDB's "any value matches" semantics.</summary>
internal sealed class PathMatcher(FieldPath path, ValuePredicate predicate) : DocumentMatcher
{
    public FieldPath Path { get; } = path;

    public ValuePredicate Predicate { get; } = predicate;

    public override bool Matches(BsonDocument document) => PathWalker.Any(document, Path, Predicate);
}
