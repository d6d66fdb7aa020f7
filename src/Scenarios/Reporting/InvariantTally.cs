namespace Harness.Scenarios.Reporting;

/// <summary>How many runs checked an invariant and how many of them violated it.</summary>
public sealed record InvariantTally(string Name, string Description, long Checked, long Violated);
