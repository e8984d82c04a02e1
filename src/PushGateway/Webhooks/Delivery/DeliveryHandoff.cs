using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PushGateway.Webhooks.Delivery;

/// <summary>
/// Lease at insert: the outbox writes the rows it creates already leased to this instance (lease token and lease end
/// set in the insert itself) and hands them to this instance's worker, so the common case needs no lease query and no
/// claim write. The rows are durable before they are handed over; if this instance dies, their leases expire and any
/// instance leases them from MongoDB as usual (at-least-once, same <c>webhook-id</c>).
/// </summary>
/// <remarks>
/// Up to <see cref="WebhookOptions.InsertLeaseLimit"/> rows and <see cref="MaxBodyBytes"/> of bodies are handed over in
/// memory. Beyond that (a burst), rows are still written leased but left in MongoDB (<see cref="HandoffLease.Spilled"/>,
/// one token per lease batch); the worker reads each such batch back by its token when its turn comes: a query, but no
/// claim write, so a row costs two documents written however large the burst. Spilling is bounded by what the worker has
/// shown it drains (<see cref="DrainRate"/>) within half of the lease's usable time (the lease minus the request
/// timeout): rows beyond that are written due at once, so other instances can take them instead of waiting for this
/// one's lease to end. While any batch is spilled, new rows spill too, so rows are handed over in the order written.
/// Open only while this instance's worker runs.
/// </remarks>
internal sealed class DeliveryHandoff(IOptions<WebhookOptions> options, TimeProvider time)
{
    /// <summary>Body bytes (UTF-8) held at most, whatever the row limit.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    private readonly ConcurrentQueue<DeliveryRow> _rows = new();
    private readonly ConcurrentQueue<SpilledLease> _spilled = new();
    private readonly DrainRate _drained = new(time);
    private readonly Lock _lock = new();
    private int _reservedRows;
    private long _reservedBytes;
    private long _spilledRows;
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

    /// <summary>Reserves room for a row with a body of <paramref name="bodyBytes"/> bytes: how the outbox is to write it.</summary>
    public HandoffLease TryReserve(int bodyBytes)
    {
        var settings = options.Value;
        lock (_lock)
        {
            if (!_open || settings.InsertLeaseLimit == 0)
            {
                return HandoffLease.None;
            }

            if (_spilledRows == 0 && _reservedRows < settings.InsertLeaseLimit && _reservedBytes + bodyBytes <= MaxBodyBytes)
            {
                _reservedRows++;
                _reservedBytes += bodyBytes;
                return HandoffLease.InMemory;
            }

            if (_reservedRows + _spilledRows < SpillBudget(settings))
            {
                _spilledRows++;
                return HandoffLease.Spilled;
            }

            return HandoffLease.None;
        }
    }

    /// <summary>Gives back a reservation whose row was not written (insert failed, or the row already existed).</summary>
    public void Cancel(DeliveryRow row, HandoffLease lease)
    {
        if (lease == HandoffLease.InMemory)
        {
            Release(row);
        }
        else if (lease == HandoffLease.Spilled)
        {
            lock (_lock)
            {
                _spilledRows--;
            }
        }
    }

    /// <summary>Hands a written, leased row to the worker.</summary>
    public void Enqueue(DeliveryRow row) => _rows.Enqueue(row);

    /// <summary>Hands a batch of written, leased rows left in MongoDB to the worker (its reservations are taken over).</summary>
    public void Enqueue(SpilledLease lease) => _spilled.Enqueue(lease);

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

    /// <summary>
    /// The next spilled batch whose lease still has <paramref name="margin"/> left (the worker reads its rows by token);
    /// batches closer to their lease's end are dropped, as in <see cref="Take"/>, and counted in <paramref name="dropped"/>.
    /// </summary>
    public SpilledLease? TakeSpilled(DateTime now, TimeSpan margin, out int dropped)
    {
        dropped = 0;
        while (_spilled.TryDequeue(out var lease))
        {
            lock (_lock)
            {
                _spilledRows -= lease.Rows;
            }

            if (lease.LeasedUntil - now >= margin)
            {
                return lease;
            }

            dropped += lease.Rows;
        }

        return null;
    }

    /// <summary>The worker started <paramref name="rows"/> deliveries in a round (0 when idle): sizes the spill budget.</summary>
    public void Drained(int rows)
    {
        lock (_lock)
        {
            _drained.Record(rows);
        }
    }

    /// <summary>Rows waiting for the worker in memory.</summary>
    public int Count => _rows.Count;

    /// <summary>Rows waiting for the worker in MongoDB (spilled batches).</summary>
    public long SpilledCount
    {
        get
        {
            lock (_lock)
            {
                return _spilledRows;
            }
        }
    }

    /// <summary>Rows (held plus spilled) that may currently wait leased at insert for this instance's worker.</summary>
    public long Budget
    {
        get
        {
            lock (_lock)
            {
                return (long)Math.Max(options.Value.InsertLeaseLimit, SpillBudget(options.Value));
            }
        }
    }

    /// <summary>Rows (held plus spilled) the worker is expected to start within half of the lease's usable time.</summary>
    private double SpillBudget(WebhookOptions settings)
    {
        var usable = settings.LeaseDuration - settings.RequestTimeout;
        return usable <= TimeSpan.Zero ? 0 : _drained.PerSecond * usable.TotalSeconds / 2;
    }

    private void Release(DeliveryRow row)
    {
        lock (_lock)
        {
            _reservedRows--;
            _reservedBytes -= row.Body.Length;
        }
    }
}
