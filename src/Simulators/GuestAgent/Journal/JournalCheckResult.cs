namespace Harness.Simulators.GuestAgent;

/// <summary>What <see cref="JournalChecker"/> found on a set of disks.</summary>
/// <param name="LastCommitted">The last record that is committed with every earlier write present (0: none).</param>
/// <param name="HighestSequence">The highest record sequence seen in any block (0: none).</param>
/// <param name="Problems">Why the cut is torn; empty when it is consistent.</param>
public sealed record JournalCheckResult(long LastCommitted, long HighestSequence, IReadOnlyList<string> Problems)
{
    /// <summary>Whether the disks hold a prefix of the application's writes: a crash-consistent cut across all disks.</summary>
    public bool IsConsistent => Problems.Count == 0;
}
