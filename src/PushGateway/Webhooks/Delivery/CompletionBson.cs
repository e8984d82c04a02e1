using MongoDB.Bson;
using PushGateway.Query.Bson;
using F = PushGateway.Webhooks.Delivery.DeliveryFields;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// The filter and update of a successful delivery's group-committed completion, written as BSON directly: byte for byte
/// <see cref="DeliveryUpdates.Leased"/> and <see cref="DeliveryUpdates.Succeeded"/> (the readable definition, which the
/// tests compare against), without building their <see cref="BsonDocument"/> trees for every delivered row.
/// </summary>
internal static class CompletionBson
{
    /// <summary><c>{_id, leaseToken}</c>: the row while it still carries this worker's lease.</summary>
    public static RawBsonDocument Leased(BsonScratch scratch, DeliveryRow row)
    {
        scratch.StartDocument();
        scratch.String(F.Id, row.Id);
        if (row.LeaseToken is null)
        {
            scratch.Null(F.LeaseToken);
        }
        else
        {
            scratch.String(F.LeaseToken, row.LeaseToken);
        }

        scratch.End();
        return scratch.ToDocument();
    }

    /// <summary>The success update, as <see cref="DeliveryUpdates.Succeeded"/> states it.</summary>
    /// <remarks>
    /// A small document of its operators, each operator's argument encoded as BSON: the driver checks an update by
    /// counting its elements and reading the first name, which on one whole encoded document meant parsing it twice
    /// (about 1.2 KB of reader objects per completion).
    /// </remarks>
    public static BsonDocument Succeeded(BsonScratch scratch, DeliveryRow row, DeliveryAttempt attempt, int keep)
    {
        scratch.StartDocument();
        scratch.String(F.State, DeliveryState.Succeeded);
        scratch.Date(F.CompletedAt, attempt.At);
        if (attempt.StatusCode is { } status)
        {
            scratch.Int32(F.LastStatusCode, status);
        }
        else
        {
            scratch.Null(F.LastStatusCode);
        }

        if (row.LastError is not null)
        {
            scratch.Null(F.LastError);
        }

        if (row.Attempts == 0)
        {
            scratch.Int32(F.Attempts, 1);
            scratch.StartArray(F.History);
            Attempt(scratch, "0", attempt);
            scratch.End();
            scratch.End();
            return ExactDocuments.Create([new("$set", scratch.ToDocument())]);
        }

        scratch.End();
        var set = scratch.ToDocument();
        scratch.StartDocument();
        scratch.Int32(F.Attempts, 1);
        scratch.End();
        var inc = scratch.ToDocument();
        scratch.StartDocument();
        scratch.StartDocument(F.History);
        scratch.StartArray("$each");
        Attempt(scratch, "0", attempt);
        scratch.End();
        scratch.Int32("$slice", -keep);
        scratch.End();
        scratch.End();
        return ExactDocuments.Create([new("$set", set), new("$inc", inc), new("$push", scratch.ToDocument())]);
    }

    /// <summary>The stored form of an attempt (as its class map writes it, nulls left out).</summary>
    private static void Attempt(BsonScratch scratch, string name, DeliveryAttempt attempt)
    {
        scratch.StartDocument(name);
        scratch.Date("at", attempt.At);
        if (attempt.StatusCode is { } status)
        {
            scratch.Int32("statusCode", status);
        }

        scratch.Double("durationMs", attempt.DurationMs);
        if (attempt.ResponseExcerpt is not null)
        {
            scratch.String("responseExcerpt", attempt.ResponseExcerpt);
        }

        if (attempt.Error is not null)
        {
            scratch.String("error", attempt.Error);
        }

        scratch.End();
    }
}
