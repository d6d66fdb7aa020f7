namespace Harness.Scenarios.Invariants;

/// <summary>A snapshot's phase only moves forward (unset, InProgress, then Succeeded, Failed or Deleting); a restore's <c>complete</c> never goes back to false.</summary>
public sealed class PhasesOnlyForward : IInvariant
{
    public string Name => "phases-only-forward";

    public string Description => "snapshot and restore phases never move backwards";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return PhaseChange.In(observation.Events)
            .Where(change => PhaseChange.Rank(change.After) < PhaseChange.Rank(change.Before))
            .Select(change => new Violation(Name, change.Event.Subject, change.Event.At, $"phase went back from '{change.Before}' to '{change.After}' (#{change.Event.Sequence})"));
    }
}
