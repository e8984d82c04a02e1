using MongoDB.Bson;

namespace PushGateway.Query.Evaluation;

internal sealed class ConstantMatcher : DocumentMatcher
{
    private readonly bool _value;

    private ConstantMatcher(bool value) => _value = value;

    public static ConstantMatcher True { get; } = new(true);

    public static ConstantMatcher False { get; } = new(false);

    public override bool Matches(BsonDocument document) => _value;
}
