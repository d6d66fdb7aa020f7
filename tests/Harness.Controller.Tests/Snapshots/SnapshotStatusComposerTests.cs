using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Snapshots.Lifecycle;
using Harness.Controller.Snapshots.Source;
using Harness.Controller.Snapshots.Status;
using Harness.Reconciling;
using k8s.Models;

namespace Harness.Controller.Tests.Snapshots;

/// <summary>
/// A pass that changes nothing composes the status it read: found by a live chaos run (seed 2, default faults), where a
/// snapshot in error state rewrote its status about 75 times a second, its Progressing condition set twice per pass.
/// </summary>
public sealed class SnapshotStatusComposerTests
{
    private static readonly DateTime First = new(2026, 12, 7, 7, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("ContentCreated", true)]
    [InlineData("ContentCreated", false)]
    [InlineData("Deleting", false)]
    [InlineData("Succeeded", true)]
    [InlineData("Failed", true)]
    public void ComposedAgainLater_WithNothingChanged_IsTheSameStatus(string stateName, bool inError)
    {
        var state = Enum.Parse<SnapshotState>(stateName);
        var snapshot = new VirtualMachineSnapshot { Metadata = new V1ObjectMeta { Name = "snap", NamespaceProperty = "default" }, Spec = new VirtualMachineSnapshotSpec() };
        var source = new SourceState(new VirtualMachine { Metadata = new V1ObjectMeta { Name = "vm", Uid = "vm-uid" } }, Instance: null);
        var content = new VirtualMachineSnapshotContent
        {
            Metadata = new V1ObjectMeta { Name = "content" },
            Status = new VirtualMachineSnapshotContentStatus
            {
                ReadyToUse = false,
                Error = inError ? new SnapshotError { Message = "freeze failed", Time = First } : null,
            },
        };

        snapshot.Status = SnapshotStatusComposer.Compose(snapshot, state, source, content, SnapshotApi.ReasonSourceLocked, First);
        var later = SnapshotStatusComposer.Compose(snapshot, state, source, content, SnapshotApi.ReasonSourceLocked, First.AddSeconds(5));

        Assert.True(ObjectCopy.SameJson(snapshot.Status, later), $"{KubernetesJsonText(snapshot.Status)}\n{KubernetesJsonText(later)}");
        Assert.All(later.Conditions!, c => Assert.Equal(First, c.LastTransitionTime));
    }

    private static string KubernetesJsonText(object value) => k8s.KubernetesJson.Serialize(value);
}
