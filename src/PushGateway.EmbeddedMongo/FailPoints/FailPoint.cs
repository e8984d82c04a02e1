using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.FailPoints;

/// <summary>One configured fail point: its data and the remaining activation budget of its mode.</summary>
internal sealed class FailPoint(string name, BsonDocument data, long? times, long skip, bool alwaysOn)
{
    private long? _times = times;
    private long _skip = skip;

    public string Name { get; } = name;

    public BsonDocument Data { get; } = data;

    public bool IsActive => alwaysOn || _times > 0;

    /// <summary>Consumes one activation if the mode allows it (callers hold the registry lock).</summary>
    public bool TryFire()
    {
        if (!IsActive)
        {
            return false;
        }

        if (_skip > 0)
        {
            _skip--;
            return false;
        }

        if (!alwaysOn)
        {
            _times--;
        }

        return true;
    }
}
