using MongoDB.Bson;
using MongoDB.Driver;
using F = PushGateway.Webhooks.Delivery.DeliveryFields;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Filters and updates of the delivery hot path (lease, complete, retry, release), as plain documents: rendering them
/// costs nothing, where the typed builders translated a lambda per field on every delivery.
/// </summary>
internal static class DeliveryUpdates
{
    /// <summary>The fields a worker needs to deliver a row: everything but the attempt history, which can be large.</summary>
    public static readonly ProjectionDefinition<DeliveryRow, DeliveryRow> WithoutHistory = new BsonDocument(F.History, 0);

    public static BsonDocument Due(DateTime now) =>
        new() { { F.State, DeliveryState.Pending }, { F.DueAt, new BsonDocument("$lte", now) } };

    /// <summary>The due rows among <paramref name="ids"/>: a claim repeats the due condition, so it never steals a row.</summary>
    public static BsonDocument DueAmong(IEnumerable<string> ids, DateTime now)
    {
        var filter = new BsonDocument(F.Id, new BsonDocument("$in", new BsonArray(ids)));
        filter.AddRange(Due(now));
        return filter;
    }

    /// <summary>The rows among <paramref name="candidates"/> that carry <paramref name="token"/> (found by <c>_id</c>).</summary>
    public static BsonDocument LeasedAmong(IEnumerable<DeliveryRow> candidates, string token) =>
        new() { { F.Id, new BsonDocument("$in", new BsonArray(candidates.Select(c => c.Id))) }, { F.LeaseToken, token } };

    /// <summary>Pending rows written leased under <paramref name="token"/> until exactly <paramref name="leasedUntil"/>.</summary>
    public static BsonDocument LeasedAtInsert(string token, DateTime leasedUntil) =>
        new() { { F.State, DeliveryState.Pending }, { F.DueAt, leasedUntil }, { F.LeaseToken, token } };

    public static BsonDocument Claim(string token, DateTime leasedUntil) =>
        new("$set", new BsonDocument { { F.LeaseToken, token }, { F.DueAt, leasedUntil } });

    /// <summary>The row while it still carries this worker's lease.</summary>
    public static BsonDocument Leased(DeliveryRow row) =>
        new() { { F.Id, row.Id }, { F.LeaseToken, (BsonValue?)row.LeaseToken ?? BsonNull.Value } };

    public static BsonDocument Release(DateTime dueAt) =>
        new("$set", new BsonDocument { { F.DueAt, dueAt }, { F.LeaseToken, BsonNull.Value } });

    /// <summary>
    /// Records a success with the smallest update that states it: the state, when, the status and the attempt. The lease
    /// token is left as it is (a finished row is never leased again; re-queueing clears it) and the last error is cleared
    /// only when there was one. A row's first attempt sets the counter and the history outright instead of
    /// incrementing and appending (the lease guarantees nobody else recorded an attempt meanwhile).
    /// </summary>
    public static BsonDocument Succeeded(DeliveryRow row, DeliveryAttempt attempt, int keep)
    {
        var set = new BsonDocument
        {
            { F.State, DeliveryState.Succeeded },
            { F.CompletedAt, attempt.At },
            { F.LastStatusCode, (BsonValue?)attempt.StatusCode ?? BsonNull.Value },
        };
        if (row.LastError is not null)
        {
            set[F.LastError] = BsonNull.Value;
        }

        if (row.Attempts == 0)
        {
            set[F.Attempts] = 1;
            set[F.History] = new BsonArray { ToDocument(attempt) };
            return new BsonDocument("$set", set);
        }

        return new BsonDocument
        {
            { "$set", set },
            { "$inc", new BsonDocument(F.Attempts, 1) },
            { "$push", Pushed(attempt, keep) },
        };
    }

    public static BsonDocument Retry(DeliveryAttempt attempt, DateTime dueAt, int keep) =>
        Finished(new BsonDocument(F.DueAt, dueAt), new BsonDocument(F.Failures, 1), attempt, keep);

    public static BsonDocument Dead(DeliveryAttempt attempt, int keep) =>
        Finished(new BsonDocument { { F.State, DeliveryState.Dead }, { F.CompletedAt, attempt.At } }, new BsonDocument(F.Failures, 1), attempt, keep);

    public static BsonDocument DeadUnattempted(string reason) =>
        new("$set", new BsonDocument { { F.State, DeliveryState.Dead }, { F.LastError, reason }, { F.LeaseToken, BsonNull.Value } });

    /// <summary>Records an attempt: counters, last outcome, lease cleared, attempt appended (newest <paramref name="keep"/> kept).</summary>
    private static BsonDocument Finished(BsonDocument set, BsonDocument? inc, DeliveryAttempt attempt, int keep)
    {
        set[F.LastStatusCode] = (BsonValue?)attempt.StatusCode ?? BsonNull.Value;
        set[F.LastError] = (BsonValue?)attempt.Error ?? BsonNull.Value;
        set[F.LeaseToken] = BsonNull.Value;
        inc ??= [];
        inc[F.Attempts] = 1;
        return new BsonDocument
        {
            { "$set", set },
            { "$inc", inc },
            { "$push", Pushed(attempt, keep) },
        };
    }

    private static BsonDocument Pushed(DeliveryAttempt attempt, int keep) =>
        new(F.History, new BsonDocument { { "$each", new BsonArray { ToDocument(attempt) } }, { "$slice", -keep } });

    /// <summary>The stored form of an attempt (as its class map writes it, nulls left out), built without the serializer.</summary>
    private static BsonDocument ToDocument(DeliveryAttempt attempt)
    {
        var document = new BsonDocument { { "at", attempt.At } };
        if (attempt.StatusCode is { } status)
        {
            document["statusCode"] = status;
        }

        document["durationMs"] = attempt.DurationMs;
        if (attempt.ResponseExcerpt is not null)
        {
            document["responseExcerpt"] = attempt.ResponseExcerpt;
        }

        if (attempt.Error is not null)
        {
            document["error"] = attempt.Error;
        }

        return document;
    }
}
