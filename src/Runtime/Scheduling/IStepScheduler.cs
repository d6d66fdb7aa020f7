namespace Harness.Runtime.Scheduling;

/// <summary>
/// A scheduler that runs a simulation one step at a time (the deterministic scheduler): it turns a
/// <see cref="SchedulingPoint"/> into a labelled step and picks, from its seed, when that step runs.
/// </summary>
public interface IStepScheduler
{
    /// <summary>Queues <paramref name="continuation"/> as a step named <paramref name="label"/>.</summary>
    void EnqueueStep(string label, Action continuation);
}
