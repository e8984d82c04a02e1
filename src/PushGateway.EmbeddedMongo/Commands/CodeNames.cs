namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>mongod's code names for the error codes fail points and handlers use.</summary>
internal static class CodeNames
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "InternalError", [2] = "BadValue", [6] = "HostUnreachable", [7] = "HostNotFound", [9] = "FailedToParse",
        [11] = "UserNotFound", [13] = "Unauthorized", [14] = "TypeMismatch", [20] = "IllegalOperation",
        [26] = "NamespaceNotFound", [27] = "IndexNotFound", [43] = "CursorNotFound", [48] = "NamespaceExists",
        [50] = "MaxTimeMSExpired", [59] = "CommandNotFound", [63] = "StaleShardVersion", [64] = "WriteConcernFailed",
        [72] = "InvalidOptions", [85] = "IndexOptionsConflict", [86] = "IndexKeySpecsConflict", [89] = "NetworkTimeout",
        [91] = "ShutdownInProgress", [112] = "WriteConflict", [133] = "FailedToSatisfyReadPreference",
        [150] = "StaleEpoch", [189] = "PrimarySteppedDown", [234] = "RetryChangeStream", [251] = "NoSuchTransaction",
        [262] = "ExceededTimeLimit", [280] = "ChangeStreamFatalError", [286] = "ChangeStreamHistoryLost",
        [9001] = "SocketException", [10107] = "NotWritablePrimary", [11000] = "DuplicateKey", [11600] = "InterruptedAtShutdown",
        [11601] = "Interrupted", [11602] = "InterruptedDueToReplStateChange", [13388] = "StaleConfig",
        [13435] = "NotPrimaryNoSecondaryOk", [13436] = "NotPrimaryOrSecondary",
    };

    public static string Of(int code) => Names.TryGetValue(code, out var name) ? name : "Location" + code;
}
