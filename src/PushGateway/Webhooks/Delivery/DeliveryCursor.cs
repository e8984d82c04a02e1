using System.Globalization;

namespace PushGateway.Webhooks.Delivery;

/// <summary>Position in the newest-first delivery list: an opaque <c>&lt;ticks&gt;_&lt;id&gt;</c> string in the API.</summary>
internal sealed record DeliveryCursor(DateTime CreatedAt, string Id)
{
    public override string ToString() => $"{CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}_{Id}";

    public static DeliveryCursor? Parse(string? text)
    {
        var separator = text?.IndexOf('_', StringComparison.Ordinal) ?? -1;
        return separator > 0 && long.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks is >= 0 and <= 3155378975999999999
            ? new DeliveryCursor(new DateTime(ticks, DateTimeKind.Utc), text![(separator + 1)..])
            : null;
    }
}
