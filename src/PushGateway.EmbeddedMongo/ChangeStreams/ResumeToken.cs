using System.Globalization;
using MongoDB.Bson;

namespace PushGateway.EmbeddedMongo.ChangeStreams;

/// <summary>
/// Resume token <c>{_data: hex}</c>: cluster time, event sequence and an invalidate flag, each fixed
/// width upper-case hex, so that string order equals event order (what the driver and mongod rely on).
/// <see cref="Seq"/> is the last event the token's holder has consumed.
/// </summary>
internal readonly record struct ResumeToken(long ClusterTime, long Seq, bool Invalidate)
{
    public BsonDocument ToDocument() =>
        new("_data", $"{ClusterTime:X16}{Seq:X16}{(Invalidate ? 1 : 0):X2}");

    public static bool TryParse(BsonValue? value, out ResumeToken token)
    {
        token = default;
        if (value is not BsonDocument doc || !doc.TryGetValue("_data", out var data) || !data.IsString)
        {
            return false;
        }

        var s = data.AsString;
        if (s.Length != 34
            || !long.TryParse(s.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ts)
            || !long.TryParse(s.AsSpan(16, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var seq)
            || !int.TryParse(s.AsSpan(32, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flag))
        {
            return false;
        }

        token = new ResumeToken(ts, seq, flag == 1);
        return true;
    }
}
