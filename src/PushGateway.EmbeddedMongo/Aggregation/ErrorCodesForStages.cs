namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>mongod's error codes for pipeline problems.</summary>
internal static class ErrorCodesForStages
{
    public const int UnrecognizedStage = 40324;
    public const int StageNotOneField = 40323;
    public const int NotAllowedInUpdate = 6_165_500;
    public const int InvalidExpression = 168;
    public const int InvalidNamespaceForStream = 73;
}
