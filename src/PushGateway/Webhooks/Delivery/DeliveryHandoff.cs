using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Lease at insert: the outbox writes the rows it creates already leased to this instance (lease token and lease end
/// set in the insert itself) and hands them to this instance's worker in memory, so the common case needs no lease
/// query and no claim write. The rows are durable before they are handed over; if this instance dies, their leases
/// expire and any instance leases them from MongoDB as usual (at-least-once, same <c>webhook-id</c>).
/// </summary>
/// <remarks>
/// Bounded by <see cref="WebhookOptions.InsertLeaseLimit"/> rows and <see cref="MaxBodyBytes"/> of bodies: beyond that the
/// outbox writes rows due at once, for whichever worker leases them. Open only while this instance's worker runs.
/// </remarks>
internal sealed class DeliveryHandoff(IOptions<WebhookOptions> options)
{
    /// <summary>Body bytes (UTF-8) held at most, whatever the row limit.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    private readonly ConcurrentQueue<DeliveryRow> _rows = new();
    private readonly Lock _lock = new();
    private int _reservedRows;
    private long _reservedBytes;
    private bool _open;

    /// <summary>The worker of this instance runs and takes handed-over rows.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _open = true;
        }
    }

    /// <summary>The worker stops: no more rows are leased at insert (rows still queued keep their lease and expire).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _open = false;
        }
    }

    /// <summary>Reserves room for a row with a body of <paramref name="bodyBytes"/> bytes; false when it must be written due instead.</summary>
    public bool TryReserve(int bodyBytes)
    {
        lock (_lock)
        {
            if (!_open || _reservedRows >= options.Value.InsertLeaseLimit || _reservedBytes + bodyBytes > MaxBodyBytes)
            {
                return false;
            }

            _reservedRows++;
            _reservedBytes += bodyBytes;
            return true;
        }
    }

    /// <summary>Gives back a reservation whose row was not written (insert failed, or the row already existed).</summary>
    public void Cancel(DeliveryRow row) => Release(row);

    /// <summary>Hands a written, leased row to the worker.</summary>
    public void Enqueue(DeliveryRow row) => _rows.Enqueue(row);

    /// <summary>
    /// Takes up to <paramref name="max"/> rows into <paramref name="into"/>. A row whose lease ends within
    /// <paramref name="margin"/> of <paramref name="now"/> is dropped instead: sending it could overlap with another
    /// instance that leases it after expiry; it is leased from MongoDB again once its lease has ended.
    /// </summary>
    /// <returns>How many rows were dropped.</returns>
    public int Take(List<DeliveryRow> into, int max, DateTime now, TimeSpan margin)
    {
        var dropped = 0;
        while (into.Count < max && _rows.TryDequeue(out var row))
        {
            Release(row);
            if (row.DueAt - now < margin)
            {
                dropped++;
                continue;
            }

            into.Add(row);
        }

        return dropped;
    }

    /// <summary>Rows waiting for the worker.</summary>
    public int Count => _rows.Count;

    private void Release(DeliveryRow row)
    {
        lock (_lock)
        {
            _reservedRows--;
            _reservedBytes -= row.Body.Length;
        }
    }
}
