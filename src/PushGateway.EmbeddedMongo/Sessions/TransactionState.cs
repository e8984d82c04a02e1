namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>Where a multi-document transaction is in its life (mongod's TransactionParticipant states, minus prepare).</summary>
internal enum TransactionState
{
    InProgress,
    Committed,
    Aborted,
}
