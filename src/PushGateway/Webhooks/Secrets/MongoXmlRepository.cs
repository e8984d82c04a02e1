using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using MongoDB.Bson;
using MongoDB.Driver;

namespace PushGateway.Webhooks.Secrets;

/// <summary>
/// Keeps the Data Protection key ring in the gateway's MongoDB, so that secrets encrypted by one instance can be
/// decrypted by every other instance and after restarts (there is no shared disk). The key XML is stored as written
/// by Data Protection; protect the database accordingly (or add a key-encryption-at-rest option for production).
/// </summary>
/// <remarks>The database is resolved on first use: Data Protection builds its key manager while the host is still
/// resolving hosted services, before the embedded MongoDB (if any) has started.</remarks>
internal sealed class MongoXmlRepository(IServiceProvider services) : IXmlRepository
{
    private IMongoCollection<BsonDocument> Keys =>
        services.GetRequiredService<IMongoDatabase>().GetCollection<BsonDocument>(WebhookCollections.DataProtectionKeys);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. Keys.Find(FilterDefinition<BsonDocument>.Empty).ToList().Select(d => XElement.Parse(d["xml"].AsString))];

    public void StoreElement(XElement element, string friendlyName)
    {
        var document = new BsonDocument
        {
            { "_id", friendlyName },
            { "xml", element.ToString(SaveOptions.DisableFormatting) },
        };
        Keys.ReplaceOne(Builders<BsonDocument>.Filter.Eq("_id", friendlyName), document, new ReplaceOptions { IsUpsert = true });
    }
}
