using Harness.Api.Snapshots;

namespace Harness.Scenarios.Invariants;

/// <summary>Reading the conditions of snapshots and restores.</summary>
internal static class Conditions
{
    public static SnapshotCondition? Find(IEnumerable<SnapshotCondition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary><c> (Progressing=False/Source not locked, Ready=False/Not ready)</c>, or empty when there are none.</summary>
    public static string Describe(IEnumerable<SnapshotCondition>? conditions)
    {
        var list = conditions?.Select(c => $"{c.Type}={c.Status}/{c.Reason}").ToList() ?? [];
        return list.Count == 0 ? "" : $" ({string.Join(", ", list)})";
    }
}
