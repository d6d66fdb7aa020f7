namespace Harness.Scenarios.Simulation.Scheduling;

// Relays: async methods that only pass data from one end of an in-process pipe to the other (a watch frame from the
// server's stream to the client's reader). Each await between them would otherwise be a step of its own, so one watch
// event delivered would cost a step per layer, all but one of them a point where no real system interleaves anything.
public sealed partial class DeterministicScheduler
{
    // A step's chain stops growing here (the rest become steps of their own), so relays that kept waking each other
    // could not hold the scheduler in one step.
    private const int MaxRelaysPerStep = 64;

    private readonly HashSet<string> _relays = new(StringComparer.Ordinal);
    private readonly Queue<WorkItem> _relayChain = new();
    private bool _inStep;

    /// <summary>
    /// Declares the async method whose step label is <paramref name="label"/> (<c>FrameStream.ReadAsync</c>) a relay: when
    /// a step wakes it, it resumes within that step, after the step's own work, instead of as a step of its own. For
    /// methods that only hand data on from one layer of a pipe to the next, where the pipe's ends are the scheduling points.
    /// Runs stay deterministic: a step's relays run in the order they were woken.
    /// </summary>
    public void AddRelay(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        lock (_gate)
        {
            _relays.Add(label);
        }
    }

    internal bool IsRelay(string label)
    {
        lock (_gate)
        {
            return _relays.Contains(label);
        }
    }

    // Called under _gate from the run thread.
    private bool TryChainRelay(string label, WorkKind kind, SendOrPostCallback? callback, object? state)
    {
        if (kind != WorkKind.Relay || !_inStep)
        {
            return false;
        }

        _relayChain.Enqueue(new WorkItem(++_lastWorkItem, label, kind, callback, state));
        return true;
    }

    // Runs a continuation or task step, then the relays it woke (and those they woke), each with a context of its own.
    private void ExecuteStep(WorkItem item)
    {
        _inStep = true;
        try
        {
            RunWithContext(item);
            for (var chained = 0; chained < MaxRelaysPerStep; chained++)
            {
                WorkItem next;
                lock (_gate)
                {
                    if (!_relayChain.TryDequeue(out next))
                    {
                        return;
                    }
                }

                RunWithContext(next);
            }
        }
        finally
        {
            _inStep = false;
            lock (_gate)
            {
                while (_relayChain.TryDequeue(out var leftover))
                {
                    _runnable.Add(leftover);
                }
            }
        }
    }

    private void RunWithContext(WorkItem item)
    {
        SynchronizationContext.SetSynchronizationContext(new DeterministicSynchronizationContext(this));
        if (item.Kind == WorkKind.Task)
        {
            _taskScheduler.Execute((Task)item.State!);
        }
        else
        {
            item.Callback!(item.State);
        }
    }
}
