using System.Text;

namespace PushGateway.Tests.Realtime;

/// <summary>A <see cref="TextWriter"/> that keeps whole lines and lets a test await one.</summary>
internal sealed class LineRecorder : TextWriter
{
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_lines)
        {
            _lines.Add(value ?? "");
            foreach (var waiter in _waiters.Where(w => w.Match(value ?? "")).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(value ?? "");
            }
        }
    }

    public Task<string> WaitForAsync(Func<string, bool> match)
    {
        lock (_lines)
        {
            if (_lines.FirstOrDefault(match) is { } found)
            {
                return Task.FromResult(found);
            }

            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
