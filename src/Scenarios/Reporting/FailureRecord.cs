namespace Harness.Scenarios.Reporting;

/// <summary>One failing run as a report keeps it: the seed, what it violated, the case, and how to see it again.</summary>
/// <param name="Case">The scenario (world, schedule, fault plan) as text.</param>
/// <param name="Replay">The command that runs it again.</param>
/// <param name="Timeline">The timeline file (relative to the report), or null when none was written.</param>
public sealed record FailureRecord(
    ulong Seed,
    string Faults,
    string TraceHash,
    IReadOnlyList<string> Invariants,
    IReadOnlyList<string> Violations,
    string Case,
    string Replay,
    string? Timeline);
