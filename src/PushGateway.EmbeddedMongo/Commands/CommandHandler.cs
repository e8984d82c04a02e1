using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.Commands;

/// <summary>Executes one command and returns its reply (<c>ok</c> and cluster time are added by the dispatcher).</summary>
internal delegate ValueTask<BsonDocument> CommandHandler(CommandContext context);
