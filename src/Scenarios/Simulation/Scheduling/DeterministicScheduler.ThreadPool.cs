namespace Harness.Scenarios.Simulation.Scheduling;

// Watching for simulation work that runs on other threads. Every async flow of a run carries the scheduler in
// an AsyncLocal set when the run starts; the runtime raises the AsyncLocal's change callback whenever a thread
// switches into or out of an ExecutionContext holding it. So a thread-pool thread resuming any continuation of
// the simulation is seen entering and leaving, precisely, without hooking the thread pool. One hop may enter and
// leave several times (a task's context is reset before its continuations run in theirs), so a declared hop ends
// when its thread posts work back to the scheduler, not when it first leaves.
public sealed partial class DeterministicScheduler
{
    private static readonly AsyncLocal<DeterministicScheduler?> s_owner = new(OnOwnerChanged);

    private int _hopsOutstanding;
    private int _foreignActive;
    private string? _violation;

    private static void OnOwnerChanged(AsyncLocalValueChangedArgs<DeterministicScheduler?> change)
    {
        if (!change.ThreadContextChanged || ReferenceEquals(change.PreviousValue, change.CurrentValue))
        {
            return;
        }

        change.PreviousValue?.OnForeignThreadLeft();
        change.CurrentValue?.OnForeignThreadEntered();
    }

    private void OnForeignThreadEntered()
    {
        lock (_gate)
        {
            if (_runThread == 0 || IsRunThread)
            {
                return;
            }

            if (_hopsOutstanding == 0)
            {
                _violation ??=
                    $"a continuation of the simulation ran on thread {Environment.CurrentManagedThreadId} (the thread pool) " +
                    "while the scheduler expected none: something in the run used Task.Run, the default TaskScheduler, " +
                    "a real timer, or awaited with ConfigureAwait(false) a task that completed inside a step.";
            }

            _foreignActive++;
        }
    }

    private void OnForeignThreadLeft()
    {
        lock (_gate)
        {
            if (_runThread == 0 || IsRunThread || _foreignActive == 0)
            {
                return;
            }

            _foreignActive--;
            Monitor.PulseAll(_gate);
        }
    }

    private void ExpectThreadPoolHop()
    {
        lock (_gate)
        {
            _hopsOutstanding++;
        }
    }

    // Called under _gate when work is queued from another thread: it ends a declared hop.
    private void OnForeignEnqueue(string label)
    {
        if (_hopsOutstanding > 0)
        {
            _hopsOutstanding--;
        }
        else if (_foreignActive == 0)
        {
            _violation ??=
                $"work '{label}' was queued from thread {Environment.CurrentManagedThreadId}, outside the scheduler and " +
                "outside any continuation of the simulation.";
        }
    }

    // Before each choice: let declared or detected thread-pool work finish, so it cannot race with the next step.
    // At the end of a run only running work is awaited: a declared hop may never come back once its reader is gone.
    private void AwaitThreadPoolHops(bool includeOutstanding)
    {
        lock (_gate)
        {
            while ((includeOutstanding && _hopsOutstanding > 0) || _foreignActive > 0)
            {
                if (!Monitor.Wait(_gate, _options.ThreadPoolHopTimeout))
                {
                    _violation ??=
                        $"thread-pool work did not come back within {_options.ThreadPoolHopTimeout.TotalSeconds:0} s " +
                        $"({_hopsOutstanding} declared hop(s) outstanding, {_foreignActive} thread(s) running).";
                    return;
                }
            }
        }
    }

    // Called under _gate.
    private void ThrowIfViolated()
    {
        if (_violation is { } violation)
        {
            throw new DeterminismViolationException(
                $"Seed {Seed}: {violation} Step {Trace.StepCount} at virtual time +{TimeProvider.Elapsed}. Last steps:\n{Trace.Format(20)}");
        }
    }

    // Called under _gate.
    private void ResetThreadPoolTracking()
    {
        _hopsOutstanding = 0;
        _foreignActive = 0;
        _violation = null;
    }
}
