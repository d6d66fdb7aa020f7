using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Runtime;
using Harness.Scenarios.Cluster.Events;
using k8s;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// Watches what the invariants follow on the API server — VolumeSnapshots, VirtualMachineSnapshots, their contents
/// and VirtualMachineRestores — and records each change of their observable state (creation, creation time,
/// readiness, phase, conditions, deletion) in the <see cref="DomainEventLog"/>. It is the cluster's observer, not a component: it never crashes.
/// </summary>
internal sealed class ClusterObserver : IAsyncDisposable
{
    internal const string Component = "observer";
    private readonly ReconcilerHost host;
    private readonly DomainEventLog log;
    private readonly Lock gate = new();
    private readonly Dictionary<(string Kind, ObjectKey Key), ObservedState> seen = [];

    public ClusterObserver(IKubernetes client, ComponentRuntime runtime, DomainEventLog log)
    {
        this.log = log;
        host = new ReconcilerHost(runtime);
        Follow(client, "snapshot.storage.k8s.io", "v1", "volumesnapshots", "volumesnapshot", VolumeSnapshotState);
        Follow(client, "snapshot.kubevirt.io", "v1beta1", "virtualmachinesnapshots", "vmsnapshot", LifecycleState);
        Follow(client, "snapshot.kubevirt.io", "v1beta1", "virtualmachinesnapshotcontents", "vmsnapshotcontent", _ => ObservedState.None);
        Follow(client, "snapshot.kubevirt.io", "v1beta1", "virtualmachinerestores", "vmrestore", LifecycleState);
    }

    public Task StartAsync(CancellationToken cancellationToken) => host.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private void Follow(IKubernetes client, string group, string version, string plural, string kind, Func<JsonObject, ObservedState> state)
    {
        var informer = host.Inform(InformerSources.CustomObjects(client, group, version, plural));
        informer.OnChange(obj =>
        {
            var key = Key(obj);
            var subject = $"{kind} {key}";
            lock (gate)
            {
                var before = seen.GetValueOrDefault((kind, key)) ?? ObservedState.None;
                if (informer.Get(key) is null)
                {
                    seen.Remove((kind, key));
                    log.Record(Component, DomainEventKind.ObjectDeleted, subject);
                    return;
                }

                if (!seen.ContainsKey((kind, key)))
                {
                    log.Record(Component, DomainEventKind.ObjectCreated, subject, obj["spec"]?["virtualMachineSnapshotName"] is { } owner ? $"of vmsnapshot {owner}" : "");
                }

                var after = state(obj);
                seen[(kind, key)] = after;
                Compare(subject, before, after);
            }
        });
    }

    private void Compare(string subject, ObservedState before, ObservedState after)
    {
        if (after.Created && !before.Created)
        {
            log.Record(Component, DomainEventKind.VolumeSnapshotCreated, subject);
        }

        if (after.Ready && !before.Ready)
        {
            log.Record(Component, DomainEventKind.VolumeSnapshotReady, subject);
        }

        if (after.Phase != before.Phase)
        {
            log.Record(Component, DomainEventKind.PhaseChanged, subject, $"{before.Phase} -> {after.Phase}");
        }

        foreach (var (type, condition) in after.Conditions)
        {
            if (!before.Conditions.TryGetValue(type, out var previous) || previous != condition)
            {
                log.Record(Component, DomainEventKind.ConditionChanged, subject, $"{type}={condition}");
            }
        }
    }

    private static ObservedState VolumeSnapshotState(JsonObject snapshot) => ObservedState.None with
    {
        Created = snapshot["status"]?["creationTime"] is not null,
        Ready = snapshot["status"]?["readyToUse"]?.GetValue<bool>() == true,
    };

    /// <summary>A snapshot's phase, or a restore's <c>complete</c> flag as its phase; the conditions as <c>status/reason</c>.</summary>
    private static ObservedState LifecycleState(JsonObject obj)
    {
        var status = obj["status"] as JsonObject;
        var phase = status?["phase"]?.GetValue<string>()
            ?? (status?["complete"]?.GetValue<bool>() is { } complete ? (complete ? "Complete" : "Incomplete") : "");
        var conditions = (status?["conditions"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(c => c["type"] is not null)
            .GroupBy(c => c["type"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => $"{g.Last()["status"]?.GetValue<string>()}/{g.Last()["reason"]?.GetValue<string>()}", StringComparer.Ordinal);
        return ObservedState.None with { Phase = phase, Conditions = conditions };
    }

    private static ObjectKey Key(JsonObject obj) =>
        ObjectKey.Of(obj["metadata"]?["namespace"]?.GetValue<string>(), obj["metadata"]?["name"]?.GetValue<string>() ?? "");

    private sealed record ObservedState(bool Created, bool Ready, string Phase, IReadOnlyDictionary<string, string> Conditions)
    {
        public static ObservedState None { get; } = new(false, false, "", new Dictionary<string, string>());
    }
}
