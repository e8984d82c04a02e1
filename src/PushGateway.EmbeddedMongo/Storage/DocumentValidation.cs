using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Storage;

/// <summary>
/// Enforces a collection's query-style <c>validator</c> (validationLevel strict, validationAction
/// error) with the query engine; <c>$jsonSchema</c> validators are rejected rather than ignored.
/// </summary>
internal static class DocumentValidation
{
    public static void Check(CollectionState c, BsonDocument doc, bool bypass)
    {
        if (bypass || c.Options.GetValue("validator", BsonNull.Value) is not BsonDocument { ElementCount: > 0 } validator
            || c.Options.GetValue("validationLevel", "strict").AsString == "off"
            || c.Options.GetValue("validationAction", "error").AsString == "warn")
        {
            return;
        }

        if (validator.Contains("$jsonSchema"))
        {
            throw MongoErrorException.BadValue("$jsonSchema validators are not supported by the embedded server");
        }

        if (!QueryAdapter.ParseFilter(validator).Matches(doc))
        {
            throw new MongoErrorException(121, "DocumentValidationFailure", "Document failed validation")
            {
                ExtraInfo = new BsonDocument("errInfo", new BsonDocument
                {
                    { "failingDocumentId", doc.GetValue("_id", BsonNull.Value) },
                    { "details", new BsonDocument { { "operatorName", "$and" }, { "clausesNotSatisfied", new BsonArray() } } },
                }),
            };
        }
    }
}
