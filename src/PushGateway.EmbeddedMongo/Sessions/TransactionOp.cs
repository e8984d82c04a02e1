using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Sessions;

/// <summary>
/// One write of a transaction, replayed onto the committed collections at commit (in statement order), so each
/// becomes the change event mongod would emit for it.
/// </summary>
internal sealed record TransactionOp(TransactionOpKind Kind, string Database, string Collection, BsonValue? Id = null, BsonDocument? Document = null, BsonDocument? UpdateDescription = null);

/// <summary>The kinds of writes a transaction may hold.</summary>
internal enum TransactionOpKind
{
    /// <summary><see cref="TransactionOp.Document"/> holds the options of an explicit <c>create</c>, null for an implicit one.</summary>
    Create,

    /// <summary><see cref="TransactionOp.Document"/> holds the index spec.</summary>
    CreateIndex,
    Insert,

    /// <summary><see cref="TransactionOp.UpdateDescription"/> null means a replacement.</summary>
    Update,
    Delete,
}
