namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>mongod's codes for change stream failures.</summary>
internal static class ChangeStreamErrors
{
    public const int NoMatchingDocument = 47;
    public const int InvalidResumeToken = 260;
    public const int FatalError = 280;
    public const int HistoryLost = 286;
    public const int StandaloneNotSupported = 40573;
}
