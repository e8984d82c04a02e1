using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace PushGateway.Tests.Realtime;

/// <summary>Collects the <c>change</c>, <c>left</c>, <c>overflow</c> and <c>recovery</c> messages of one hub connection and awaits conditions on them.</summary>
internal sealed class ChangeRecorder
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly List<JsonElement> _changes = [];
    private readonly List<JsonElement> _notices = [];
    private readonly List<JsonElement> _lefts = [];
    private readonly List<(string Method, JsonElement Message)> _timeline = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public ChangeRecorder(HubConnection connection)
    {
        connection.On<JsonElement>("change", m => Add(_changes, m, "change"));
        connection.On<JsonElement>("left", m => Add(_lefts, m, "left"));
        connection.On<JsonElement>("overflow", m => Add(_notices, m, "overflow"));
        connection.On<JsonElement>("recovery", m => Add(_notices, m, "recovery"));
    }

    public IReadOnlyList<JsonElement> Changes
    {
        get
        {
            lock (_waiters)
            {
                return [.. _changes];
            }
        }
    }

    public IReadOnlyList<JsonElement> Notices
    {
        get
        {
            lock (_waiters)
            {
                return [.. _notices];
            }
        }
    }

    /// <summary>The <c>left</c> messages (hand-overs of this tenant's documents).</summary>
    public IReadOnlyList<JsonElement> Lefts
    {
        get
        {
            lock (_waiters)
            {
                return [.. _lefts];
            }
        }
    }

    /// <summary>Every message with its method, in arrival order.</summary>
    public IReadOnlyList<(string Method, JsonElement Message)> Timeline
    {
        get
        {
            lock (_waiters)
            {
                return [.. _timeline];
            }
        }
    }

    /// <summary>The <c>fullDocument.name</c> of every change received (tests name their documents).</summary>
    public IReadOnlyList<string> Names => [.. Changes.Select(NameOf)];

    public static string NameOf(JsonElement change) =>
        change.TryGetProperty("fullDocument", out var doc) && doc.TryGetProperty("name", out var name) ? name.GetString()! : "";

    public Task WaitForChangesAsync(int count, TimeSpan? timeout = null) => WaitAsync(() => _changes.Count >= count, timeout);

    public Task WaitForNameAsync(string name, TimeSpan? timeout = null) => WaitAsync(() => _changes.Any(c => NameOf(c) == name), timeout);

    public Task WaitForNoticeAsync(TimeSpan? timeout = null) => WaitAsync(() => _notices.Count > 0, timeout);

    public async Task WaitAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        TaskCompletionSource done;
        lock (_waiters)
        {
            if (condition())
            {
                return;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
        }

        await done.Task.WaitAsync(timeout ?? DefaultTimeout);
    }

    private void Add(List<JsonElement> list, JsonElement message, string method)
    {
        lock (_waiters)
        {
            list.Add(message.Clone());
            _timeline.Add((method, list[^1]));
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}
