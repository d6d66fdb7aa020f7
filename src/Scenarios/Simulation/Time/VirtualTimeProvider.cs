using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Simulation.Time;

/// <summary>
/// The virtual clock of a <see cref="DeterministicScheduler"/>. Time stands still while anything is runnable;
/// when nothing is, the scheduler moves it to the earliest timer, whose callback then runs as a step. So
/// <c>Task.Delay(TimeSpan, TimeProvider)</c>, <c>new CancellationTokenSource(TimeSpan, TimeProvider)</c> and
/// <c>PeriodicTimer</c> over this clock take no real time, and timers due at the same instant fire in an order
/// drawn from the seed.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly DeterministicScheduler _scheduler;
    private readonly object _gate;
    private readonly PriorityQueue<TimerArming, (long Due, long Sequence)> _timers = new();
    private long _now;
    private long _sequence;

    internal VirtualTimeProvider(DeterministicScheduler scheduler, object gate, DateTimeOffset start)
    {
        _scheduler = scheduler;
        _gate = gate;
        Start = start.ToUniversalTime();
    }

    /// <summary>The instant the clock started at.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Virtual time elapsed since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _now));

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref _now);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state, "timer " + StepLabels.ForMethod(callback.Method).Label);
        timer.Change(dueTime, period);
        return timer;
    }

    internal object Gate => _gate;

    // Called under the gate: (re)arms a timer; the previous arming, if any, is dropped when it comes up.
    internal void Arm(VirtualTimer timer, TimeSpan dueTime)
    {
        var due = _now + dueTime.Ticks;
        _timers.Enqueue(new TimerArming(timer, timer.Version), (due, ++_sequence));
    }

    // Called under the gate: queues a step for every timer due now.
    internal void ReleaseDueTimers()
    {
        while (_timers.TryPeek(out var arming, out var at) && at.Due <= _now)
        {
            _timers.Dequeue();
            if (arming.IsCurrent)
            {
                var firing = arming with { Version = arming.Timer.Release() };
                _scheduler.Enqueue(arming.Timer.Label, WorkKind.Continuation, static f => ((TimerArming)f!).Fire(), firing);
            }
        }
    }

    // Called under the gate when nothing is runnable: moves time to the earliest live timer.
    internal bool AdvanceToNextTimer()
    {
        while (_timers.TryPeek(out var arming, out var at))
        {
            if (!arming.IsCurrent)
            {
                _timers.Dequeue();
                continue;
            }

            Volatile.Write(ref _now, Math.Max(_now, at.Due));
            return true;
        }

        return false;
    }

    private sealed record TimerArming(VirtualTimer Timer, long Version)
    {
        public bool IsCurrent => Timer.IsArmedAs(Version);

        public void Fire() => Timer.Fire(Version);
    }
}
