using PushGateway.ChangeStreams;

namespace PushGateway.Tests.ChangeStreams;

/// <summary>A sink that remembers every event it was handed and lets a test await one.</summary>
internal sealed class RecordingSink : IChangeEventSink
{
    private readonly List<ChangeEvent> _events = [];
    private readonly List<(Func<ChangeEvent, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<ChangeEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public ValueTask HandleAsync(IReadOnlyList<ChangeEvent> events, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.AddRange(events);
            foreach (var waiter in _waiters.Where(w => events.Any(w.Match)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return ValueTask.CompletedTask;
    }

    public Task WaitForAsync(Func<ChangeEvent, bool> match)
    {
        lock (_events)
        {
            if (_events.Any(match))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public static Func<ChangeEvent, bool> Named(string name) =>
        e => e.FullDocument is { } d && d.TryGetValue("name", out var n) && n == name;
}
