namespace Harness.Scenarios.Simulation.Time;

/// <summary>A timer of a <see cref="VirtualTimeProvider"/>; its callback runs as a scheduler step.</summary>
internal sealed class VirtualTimer(VirtualTimeProvider clock, TimerCallback callback, object? state, string label) : ITimer
{
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private bool _armed;
    private bool _disposed;

    public string Label { get; } = label;

    // Bumped by every Change and Dispose, so an earlier arming or a queued firing becomes stale.
    public long Version { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, nameof(dueTime));
        Validate(period, nameof(period));
        lock (clock.Gate)
        {
            if (_disposed)
            {
                return false;
            }

            Version++;
            _period = period;
            _armed = dueTime != Timeout.InfiniteTimeSpan;
            if (_armed)
            {
                clock.Arm(this, dueTime);
            }

            return true;
        }
    }

    public void Dispose()
    {
        lock (clock.Gate)
        {
            _disposed = true;
            _armed = false;
            Version++;
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // Called under the gate.
    internal bool IsArmedAs(long version) => _armed && Version == version;

    // Called under the gate when the arming came due: re-arms a periodic timer (the next period counts from now)
    // and returns the version the queued firing must still find, so a Change or Dispose meanwhile cancels it.
    internal long Release()
    {
        if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
        {
            Version++;
            clock.Arm(this, _period);
        }
        else
        {
            _armed = false;
        }

        return Version;
    }

    internal void Fire(long version)
    {
        lock (clock.Gate)
        {
            if (_disposed || Version != version)
            {
                return;
            }
        }

        callback(state);
    }

    private static void Validate(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }
}
