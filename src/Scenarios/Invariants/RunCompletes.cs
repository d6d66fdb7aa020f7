namespace Harness.Scenarios.Invariants;

/// <summary>The run itself completes: no deadlock, no step limit, no work escaping the deterministic scheduler, no exception.</summary>
public sealed class RunCompletes : IInvariant
{
    public string Name => "run-completes";

    public string Description => "the run completes (no deadlock, step limit, determinism violation or exception)";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.RunFailure is { } failure)
        {
            yield return new Violation(Name, "run", observation.Events.Count > 0 ? observation.Events[^1].At : null, failure);
        }
    }
}
