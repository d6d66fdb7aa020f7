using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>The snapshot facet: create, read, wait for and delete VirtualMachineSnapshots and their contents.</summary>
internal sealed partial class ControllerWorld
{
    public async Task<VirtualMachineSnapshot> CreateSnapshotAsync(string name, string vm, string? failureDeadline = null, string? deletionPolicy = null)
    {
        var spec = new JsonObject { ["source"] = new JsonObject { ["apiGroup"] = "kubevirt.io", ["kind"] = "VirtualMachine", ["name"] = vm } };
        if (failureDeadline is not null)
        {
            spec["failureDeadline"] = failureDeadline;
        }

        if (deletionPolicy is not null)
        {
            spec["deletionPolicy"] = deletionPolicy;
        }

        return Convert<VirtualMachineSnapshot>(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = SnapshotApi.StorageApiVersion,
                ["kind"] = SnapshotApi.SnapshotKind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["spec"] = spec,
            },
            SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.SnapshotPlural));
    }

    public async Task<VirtualMachineSnapshot?> SnapshotAsync(string name)
    {
        try
        {
            return Convert<VirtualMachineSnapshot>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.SnapshotPlural, name));
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<VirtualMachineSnapshotContent?> ContentAsync(string name)
    {
        try
        {
            return Convert<VirtualMachineSnapshotContent>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.ContentPlural, name));
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>Waits for the snapshot's phase to be <paramref name="phase"/> and returns it.</summary>
    public Task<VirtualMachineSnapshot> WaitPhaseAsync(string name, string phase, TimeSpan? within = null) =>
        WaitForAsync($"snapshot {name} {phase}", async () => await SnapshotAsync(name) is { Status.Phase: var p } s && p == phase ? s : null, within);

    /// <summary>Upstream's WaitSnapshotSucceeded: readyToUse, Ready True "Ready" and Progressing False "Operation complete".</summary>
    public Task<VirtualMachineSnapshot> WaitSucceededAsync(string name, TimeSpan? within = null) =>
        WaitForAsync($"snapshot {name} succeeded and ready", async () =>
            await SnapshotAsync(name) is { Status: { ReadyToUse: true, Conditions: { } conditions } } s
            && conditions.Any(c => c is { Type: SnapshotApi.ConditionReady, Status: SnapshotApi.ConditionTrue, Reason: SnapshotApi.ReasonReady })
            && conditions.Any(c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse, Reason: SnapshotApi.ReasonOperationComplete })
                ? s
                : null,
            within);

    /// <summary>
    /// Creates the snapshot <paramref name="name"/> of <paramref name="vm"/> and waits until it Succeeded and the VM is
    /// unlocked: KubeVirt writes Succeeded one pass before it unlocks, and until then the VM admission refuses to change
    /// the VM's running state (a live cluster is quick enough to see that window).
    /// </summary>
    public async Task<VirtualMachineSnapshot> TakeSnapshotAsync(string name, string vm)
    {
        await CreateSnapshotAsync(name, vm);
        var snapshot = await WaitSucceededAsync(name);
        await WaitUnlockedAsync(vm);
        return snapshot;
    }

    public Task DeleteSnapshotAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.SnapshotPlural, name);

    public Task WaitSnapshotGoneAsync(string name) =>
        WaitForAsync($"snapshot {name} gone", async () => await SnapshotAsync(name) is null ? name : null);

    /// <summary>The content the controller made for <paramref name="snapshot"/>.</summary>
    public Task<VirtualMachineSnapshotContent?> ContentOfAsync(VirtualMachineSnapshot snapshot) => ContentAsync(SnapshotApi.ContentName(snapshot.Metadata.Uid));

    private async Task<string> DescribeSnapshotsAsync()
    {
        var list = Convert<Api.Resources.ResourceList<VirtualMachineSnapshot>>(
            await Client.CustomObjects.ListNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.SnapshotPlural));
        return string.Join("\n", list.Items.Select(s => $"{s.Metadata.Name}: {KubernetesJson.Serialize(s.Status)}"));
    }

    /// <summary>The events recorded about the object named <paramref name="name"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Corev1Event>> EventsAboutAsync(string name) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject?.Name == name).OrderBy(e => e.Metadata.Name, StringComparer.Ordinal)];
}
