namespace Harness.Scenarios.Invariants;

/// <summary>A property every run must have, checked on its event log and its final states.</summary>
public interface IInvariant
{
    /// <summary>A short kebab-case name (<c>thaw-follows-freeze</c>), as tables and reports show it.</summary>
    string Name { get; }

    string Description { get; }

    IEnumerable<Violation> Check(ScenarioObservation observation);
}
