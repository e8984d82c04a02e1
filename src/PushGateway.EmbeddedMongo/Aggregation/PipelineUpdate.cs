using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.Aggregation;

/// <summary>Pipeline-style updates: the stages mongod allows ($set/$addFields, $unset, $project, $replaceRoot/$replaceWith).</summary>
internal static class PipelineUpdate
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { "$addFields", "$set", "$project", "$unset", "$replaceRoot", "$replaceWith" };

    public static void Validate(BsonArray pipeline)
    {
        foreach (var stage in pipeline)
        {
            var name = stage is BsonDocument { ElementCount: 1 } d ? d.GetElement(0).Name : "";
            if (!Allowed.Contains(name))
            {
                throw new MongoErrorException(ErrorCodesForStages.NotAllowedInUpdate, "Location" + ErrorCodesForStages.NotAllowedInUpdate, $"{name} is not allowed to be used within an update");
            }
        }
    }

    public static BsonDocument Apply(BsonDocument doc, BsonArray pipeline)
    {
        IEnumerable<BsonDocument> docs = [doc];
        foreach (var stage in pipeline)
        {
            docs = Stages.Apply(docs, stage.AsBsonDocument, null);
        }

        var result = docs.Single();
        if (!result.Contains("_id") && doc.TryGetValue("_id", out var id))
        {
            // The pipeline cannot drop _id: mongod keeps the original one.
            var withId = new BsonDocument("_id", id);
            withId.AddRange(result);
            result = withId;
        }

        return result;
    }
}
