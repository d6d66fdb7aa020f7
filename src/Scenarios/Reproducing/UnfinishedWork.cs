using Harness.Api.Clients;
using System.Globalization;
using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Events;
using k8s;

namespace Harness.Scenarios.Reproducing;

/// <summary>
/// Every VirtualMachineSnapshot that neither succeeded nor failed and every VirtualMachineRestore not complete: its
/// phase, its conditions, and why it waits (its error, its content's error and volume errors, or its conditions' word).
/// </summary>
internal static class UnfinishedWork
{
    /// <param name="events">The run's events: the last failed reconcile of an object is why it waits, when its status does not say.</param>
    public static async Task<IReadOnlyList<string>> DescribeAsync(IKubernetes client, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        var contents = (await new CustomResourceClient<VirtualMachineSnapshotContent>(client).ListAsync(cancellationToken: cancellationToken)).Items;
        foreach (var snapshot in (await new CustomResourceClient<VirtualMachineSnapshot>(client).ListAsync(cancellationToken: cancellationToken)).Items
            .Where(s => s.Status?.Phase is not (SnapshotApi.PhaseSucceeded or SnapshotApi.PhaseFailed)))
        {
            var status = snapshot.Status;
            var contentName = status?.VirtualMachineSnapshotContentName ?? SnapshotApi.ContentName(snapshot.Metadata.Uid);
            var content = contents.FirstOrDefault(c => c.Metadata.NamespaceProperty == snapshot.Metadata.NamespaceProperty && c.Metadata.Name == contentName);
            lines.Add($"VirtualMachineSnapshot {snapshot.Metadata.NamespaceProperty}/{snapshot.Metadata.Name}: phase {status?.Phase ?? "(none)"}");
            Describe(lines, status?.Conditions, status?.Indications);
            var key = $"{snapshot.Metadata.NamespaceProperty}/{snapshot.Metadata.Name}";
            var reasons = new List<string?>
            {
                status?.Error?.Message,
                LastFailure(events, $"vmsnapshot {key}", $"vmsnapshotcontent {snapshot.Metadata.NamespaceProperty}/{contentName}"),
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
            var failure = LastFailure(events, $"vmrestore {restore.Metadata.NamespaceProperty}/{restore.Metadata.Name}");
            lines.Add("  waiting: " + (failure ?? Waiting(restore.Status?.Conditions) ?? "not reconciled yet (no status)"));
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

    /// <summary>The last reconcile of one of <paramref name="subjects"/>, when it failed: <c>vmsnapshot ns/name failed at 10:05:01: message</c>.</summary>
    private static string? LastFailure(IReadOnlyList<DomainEvent> events, params string[] subjects) =>
        events.LastOrDefault(e => e.Kind == DomainEventKind.Reconciled && subjects.Contains(e.Subject)) is { } last
            && last.Detail.StartsWith(ReconcileTrace.FailedPrefix, StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"{last.Subject} failed at {last.At:HH:mm:ss}: {last.Detail[ReconcileTrace.FailedPrefix.Length..]}")
            : null;

    /// <summary>What the conditions say is missing: the Ready condition's message when it is not True, else Progressing's.</summary>
    private static string? Waiting(IList<SnapshotCondition>? conditions) =>
        (conditions ?? []).Where(c => c.Type == "Ready" && c.Status != "True").Concat((conditions ?? []).Where(c => c.Type == "Progressing"))
            .Select(c => $"{c.Type}={c.Status}: {c.Reason}{(string.IsNullOrEmpty(c.Message) || c.Message == c.Reason ? "" : ": " + c.Message)}")
            .FirstOrDefault();
}
