using Harness.Api.Clients;
using Harness.Api.Snapshots;
using k8s;

namespace Harness.Scenarios.Reproducing;

/// <summary>
/// Every VirtualMachineSnapshot that neither succeeded nor failed and every VirtualMachineRestore not complete: its
/// phase, its conditions, and why it waits (its error, its content's error and volume errors, or its conditions' word).
/// </summary>
internal static class UnfinishedWork
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(IKubernetes client, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        var contents = (await new CustomResourceClient<VirtualMachineSnapshotContent>(client).ListAsync(cancellationToken: cancellationToken)).Items;
        foreach (var snapshot in (await new CustomResourceClient<VirtualMachineSnapshot>(client).ListAsync(cancellationToken: cancellationToken)).Items
            .Where(s => s.Status?.Phase is not (SnapshotApi.PhaseSucceeded or SnapshotApi.PhaseFailed)))
        {
            var status = snapshot.Status;
            var content = contents.FirstOrDefault(c => c.Metadata.NamespaceProperty == snapshot.Metadata.NamespaceProperty
                && c.Metadata.Name == status?.VirtualMachineSnapshotContentName);
            lines.Add($"VirtualMachineSnapshot {snapshot.Metadata.NamespaceProperty}/{snapshot.Metadata.Name}: phase {status?.Phase ?? "(none)"}");
            Describe(lines, status?.Conditions, status?.Indications);
            var reasons = new List<string?>
            {
                status?.Error?.Message,
                content?.Status?.Error?.Message is { } contentError ? $"content {content.Metadata.Name}: {contentError}" : null,
            };
            reasons.AddRange((content?.Status?.VolumeSnapshotStatus ?? []).Select(v => v.Error?.Message is { } volumeError ? $"VolumeSnapshot {v.VolumeSnapshotName}: {volumeError}" : null));
            lines.Add("  waiting: " + (reasons.FirstOrDefault(r => r is not null) ?? Waiting(status?.Conditions) ?? "not reconciled yet (no status)"));
        }

        foreach (var restore in (await new CustomResourceClient<VirtualMachineRestore>(client).ListAsync(cancellationToken: cancellationToken)).Items
            .Where(r => r.Status?.Complete != true))
        {
            lines.Add($"VirtualMachineRestore {restore.Metadata.NamespaceProperty}/{restore.Metadata.Name}: complete {restore.Status?.Complete?.ToString().ToLowerInvariant() ?? "(none)"}");
            Describe(lines, restore.Status?.Conditions, null);
            lines.Add("  waiting: " + (Waiting(restore.Status?.Conditions) ?? "not reconciled yet (no status)"));
        }

        return lines;
    }

    private static void Describe(List<string> lines, IList<SnapshotCondition>? conditions, IList<string>? indications)
    {
        foreach (var condition in conditions ?? [])
        {
            lines.Add($"  condition {condition.Type}={condition.Status} reason \"{condition.Reason}\" message \"{condition.Message}\"");
        }

        if (indications is { Count: > 0 })
        {
            lines.Add($"  indications {string.Join(", ", indications)}");
        }
    }

    /// <summary>What the conditions say is missing: the Ready condition's message when it is not True, else Progressing's.</summary>
    private static string? Waiting(IList<SnapshotCondition>? conditions) =>
        (conditions ?? []).Where(c => c.Type == "Ready" && c.Status != "True").Concat((conditions ?? []).Where(c => c.Type == "Progressing"))
            .Select(c => $"{c.Type}={c.Status}: {c.Reason}{(string.IsNullOrEmpty(c.Message) || c.Message == c.Reason ? "" : ": " + c.Message)}")
            .FirstOrDefault();
}
