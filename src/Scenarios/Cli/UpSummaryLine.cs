namespace Harness.Scenarios.Cli;

/// <summary>One line of what <c>harness up</c> runs: a part (<c>CSI driver</c>) and what it is and where.</summary>
public sealed record UpSummaryLine(string Part, string Detail);
