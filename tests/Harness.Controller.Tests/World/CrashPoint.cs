using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using Harness.EnvTest.Admission;

namespace Harness.Controller.Tests.World;

/// <summary>
/// A write of the snapshot controller at which a test crashes it: the requests the rule admits, narrowed by
/// <see cref="Matches"/> (new object, old object).
/// </summary>
internal sealed record CrashPoint(string Name, AdmissionRule Rule, Func<JsonNode?, JsonNode?, bool> Matches)
{
    /// <summary>The controller's writes of one online snapshot, in the order it makes them.</summary>
    public static IReadOnlyList<CrashPoint> OfOnlineSnapshot { get; } =
    [
        new("lock: snapshotInProgress written", Update("kubevirt.io", "virtualmachines/status"), (o, old) => Holder(o) is not null && Holder(old) is null),
        new("lock: source finalizer added", Update("kubevirt.io", "virtualmachines"), (o, old) => HasSourceFinalizer(o) && !HasSourceFinalizer(old)),
        new("content created", Create("snapshot.kubevirt.io", "virtualmachinesnapshotcontents"), (_, _) => true),
        new("first VolumeSnapshot created (guest frozen)", Create("snapshot.storage.k8s.io", "volumesnapshots"), (_, _) => true),
        new("content cut (guest thawed)", Update("snapshot.kubevirt.io", "virtualmachinesnapshotcontents/status"), (o, old) => CreationTime(o) is not null && CreationTime(old) is null),
        new("snapshot Succeeded", Update("snapshot.kubevirt.io", "virtualmachinesnapshots/status"), (o, old) => Phase(o) == SnapshotApi.PhaseSucceeded && Phase(old) != SnapshotApi.PhaseSucceeded),
        new("unlock: source finalizer removed", Update("kubevirt.io", "virtualmachines"), (o, old) => !HasSourceFinalizer(o) && HasSourceFinalizer(old)),
    ];

    public override string ToString() => Name;

    private static AdmissionRule Create(string group, string resource) => new(["CREATE"], [group], ["*"], [resource]);

    private static AdmissionRule Update(string group, string resource) => new(["UPDATE"], [group], ["*"], [resource]);

    private static string? Holder(JsonNode? vm) => vm?["status"]?["snapshotInProgress"]?.GetValue<string>();

    private static bool HasSourceFinalizer(JsonNode? vm) =>
        vm?["metadata"]?["finalizers"] is JsonArray finalizers && finalizers.Any(f => f?.GetValue<string>() == SnapshotApi.SourceProtectionFinalizer);

    private static string? CreationTime(JsonNode? content) => content?["status"]?["creationTime"]?.GetValue<string>();

    private static string? Phase(JsonNode? snapshot) => snapshot?["status"]?["phase"]?.GetValue<string>();
}
