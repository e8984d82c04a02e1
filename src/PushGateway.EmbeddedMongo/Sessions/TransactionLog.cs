using Microsoft.Extensions.Logging;

namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>Log messages of transactions (event ids 40-49).</summary>
internal static partial class TransactionLog
{
    [LoggerMessage(40, LogLevel.Information, "Aborted transaction {TxnNumber} of session {Session}: it outlived the transaction lifetime limit of {LimitSeconds} s")]
    public static partial void Expired(ILogger logger, long txnNumber, string session, double limitSeconds);
}
