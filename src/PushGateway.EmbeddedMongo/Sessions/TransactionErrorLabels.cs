using PushGateway.EmbeddedMongo.FailPoints;

namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>
/// The error labels mongod 7.0 puts on errors of commands that run in a transaction (error_labels.cpp):
/// <c>TransientTransactionError</c> on conflicts, snapshot errors, NoSuchTransaction and (except on commit/abort)
/// not-primary errors; <c>RetryableWriteError</c> only on commit and abort, never on the statements.
/// </summary>
internal static class TransactionErrorLabels
{
    private static readonly HashSet<int> Transient = [112, 24, 267, 239, 246, 249, 117];

    private static readonly HashSet<int> NotPrimary = [10107, 13435, 13436, 11602, 189];

    private const int NoSuchTransaction = 251;

    public static List<string> For(string command, int code, bool isWriteConcernError)
    {
        var commitOrAbort = command is "commitTransaction" or "abortTransaction";
        var labels = new List<string>();
        var transient = !isWriteConcernError && (Transient.Contains(code)
            || code == NoSuchTransaction
            || (!commitOrAbort && NotPrimary.Contains(code)));
        if (transient)
        {
            labels.Add("TransientTransactionError");
        }

        if (commitOrAbort && FailPointRegistry.RetryableWriteCodes.Contains(code))
        {
            labels.Add("RetryableWriteError");
        }

        return labels;
    }
}
