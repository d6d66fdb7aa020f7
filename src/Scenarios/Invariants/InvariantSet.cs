namespace Harness.Scenarios.Invariants;

/// <summary>The invariants every chaos run is checked against, in the order reports list them.</summary>
public static class InvariantSet
{
    public static IReadOnlyList<IInvariant> All { get; } =
    [
        new ThawFollowsFreeze(),
        new DeadlineFailureCleansUp(),
        new RestoreMatchesSnapshot(),
        new RestoreTargetStopped(),
        new OneSnapshotHoldsVm(),
        new VolumeSnapshotCutOnce(),
        new NoOrphans(),
        new PhasesOnlyForward(),
        new EndedIsFinal(),
        new EveryOperationEnds(),
        new StatusRules(),
        new RunCompletes(),
    ];

    /// <summary>Every violation of every invariant in <paramref name="observation"/>.</summary>
    public static IReadOnlyList<Violation> Check(ScenarioObservation observation) => [.. All.SelectMany(invariant => invariant.Check(observation))];
}
