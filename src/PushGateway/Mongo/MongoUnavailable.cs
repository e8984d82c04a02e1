using MongoDB.Driver;

namespace PushGateway.Mongo;

/// <summary>Recognises the driver's "no MongoDB server can be reached" failures (as opposed to bugs or rejected commands).</summary>
internal static class MongoUnavailable
{
    public static bool Is(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            // Server selection timing out is a TimeoutException; a dropped or refused connection a MongoConnectionException.
            if (ex is TimeoutException or MongoConnectionException or MongoNotPrimaryException or MongoNodeIsRecoveringException)
            {
                return true;
            }
        }

        return false;
    }
}
