using MongoDB.Bson;
using PushGateway.EmbeddedMongo.Commands;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>The parsed <c>$changeStream</c> stage.</summary>
internal sealed class ChangeStreamOptions
{
    public string FullDocument { get; private init; } = "default";

    public string FullDocumentBeforeChange { get; private init; } = "off";

    public BsonValue? ResumeAfter { get; private init; }

    public BsonValue? StartAfter { get; private init; }

    public BsonTimestamp? StartAtOperationTime { get; private init; }

    public bool ShowExpandedEvents { get; private init; }

    public bool AllChangesForCluster { get; private init; }

    public static ChangeStreamOptions Parse(BsonValue stage)
    {
        if (stage is not BsonDocument spec)
        {
            throw new MongoErrorException(50808, "Location50808", "$changeStream stage expects a document as argument");
        }

        string fullDocument = "default", before = "off";
        BsonValue? resumeAfter = null, startAfter = null;
        BsonTimestamp? startAt = null;
        bool expanded = false, cluster = false;
        foreach (var element in spec)
        {
            switch (element.Name)
            {
                case "fullDocument":
                    fullDocument = element.Value.AsString;
                    if (fullDocument is not ("default" or "updateLookup" or "whenAvailable" or "required"))
                    {
                        throw MongoErrorException.BadValue($"'{fullDocument}' is not a valid value for fullDocument");
                    }

                    break;
                case "fullDocumentBeforeChange":
                    before = element.Value.AsString;
                    if (before is not ("off" or "whenAvailable" or "required"))
                    {
                        throw MongoErrorException.BadValue($"'{before}' is not a valid value for fullDocumentBeforeChange");
                    }

                    break;
                case "resumeAfter":
                    resumeAfter = element.Value;
                    break;
                case "startAfter":
                    startAfter = element.Value;
                    break;
                case "startAtOperationTime":
                    startAt = element.Value as BsonTimestamp ?? throw MongoErrorException.TypeMismatch("startAtOperationTime must be a timestamp");
                    break;
                case "showExpandedEvents":
                    expanded = element.Value.ToBoolean();
                    break;
                case "allChangesForCluster":
                    cluster = element.Value.ToBoolean();
                    break;
                case "allowToRunOnConfigDB" or "allowToRunOnSystemNS":
                    break;
                default:
                    throw new MongoErrorException(40415, "Location40415", $"BSON field '$changeStream.{element.Name}' is an unknown field.");
            }
        }

        if (new[] { resumeAfter is not null, startAfter is not null, startAt is not null }.Count(b => b) > 1)
        {
            throw new MongoErrorException(40674, "Location40674", "Only one type of resume option is allowed, but multiple were found.");
        }

        return new ChangeStreamOptions
        {
            FullDocument = fullDocument,
            FullDocumentBeforeChange = before,
            ResumeAfter = resumeAfter,
            StartAfter = startAfter,
            StartAtOperationTime = startAt,
            ShowExpandedEvents = expanded,
            AllChangesForCluster = cluster,
        };
    }
}
