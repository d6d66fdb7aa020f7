using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Scenarios.Cluster;
using Harness.Simulators.GuestAgent;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>The restore facet: create, read, wait for and delete VirtualMachineRestores, and check what they restored.</summary>
internal sealed partial class ControllerWorld
{
    /// <summary>Creates a restore of <paramref name="snapshot"/> into <paramref name="target"/>; <paramref name="spec"/> adds spec fields.</summary>
    public async Task<VirtualMachineRestore> CreateRestoreAsync(string name, string target, string snapshot, JsonObject? spec = null)
    {
        var body = spec?.DeepClone().AsObject() ?? [];
        body["target"] = new JsonObject { ["apiGroup"] = KubeVirtApi.Group, ["kind"] = KubeVirtApi.VirtualMachineKind, ["name"] = target };
        body["virtualMachineSnapshotName"] = snapshot;
        return Convert<VirtualMachineRestore>(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = SnapshotApi.StorageApiVersion,
                ["kind"] = SnapshotApi.RestoreKind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["spec"] = body,
            },
            SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.RestorePlural));
    }

    /// <summary>
    /// The restore cases' usual start: a bound claim <c>disk-a</c>, a stopped VM <c>vm1</c> on it (owning it when
    /// <paramref name="vmOwnsClaim"/>), and its snapshot <c>snap1</c>, succeeded.
    /// </summary>
    public async Task<VirtualMachine> StoppedVmWithSnapshotAsync(bool vmOwnsClaim = false)
    {
        await CreateBoundClaimsAsync("disk-a");
        var vm = await CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = "Halted" });
        if (vmOwnsClaim)
        {
            await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                new V1Patch(
                    new JsonObject
                    {
                        ["metadata"] = new JsonObject
                        {
                            ["ownerReferences"] = new JsonArray(new JsonObject
                            {
                                ["apiVersion"] = KubeVirtApi.ApiVersion,
                                ["kind"] = KubeVirtApi.VirtualMachineKind,
                                ["name"] = vm.Metadata.Name,
                                ["uid"] = vm.Metadata.Uid,
                            }),
                        },
                    }.ToJsonString(),
                    V1Patch.PatchType.MergePatch),
                "disk-a",
                Namespace);
        }

        await TakeSnapshotAsync("snap1", "vm1");
        return vm;
    }

    /// <summary>A DataVolume <c>dv-a</c>, Succeeded, a stopped VM <c>vm1</c> on it without a template, and its snapshot <c>snap1</c>, succeeded.</summary>
    public async Task<VirtualMachine> StoppedVmOnDataVolumeWithSnapshotAsync()
    {
        await CreateDataVolumeAsync("dv-a");
        await WaitDataVolumeSucceededAsync("dv-a");
        var vm = await CreateVmAsync(new VmDefinition("vm1") { DataVolumes = ["dv-a"], RunStrategy = "Halted" });
        await TakeSnapshotAsync("snap1", "vm1");
        return vm;
    }

    /// <summary><see cref="StoppedVmWithSnapshotAsync"/>, then <c>vm1</c> started again and running.</summary>
    public async Task RunningVmWithSnapshotAsync()
    {
        await StoppedVmWithSnapshotAsync();
        await StartVmAsync("vm1");
    }

    /// <summary>Waits until the VM <paramref name="vm"/> is marked as being restored by <paramref name="restore"/>.</summary>
    public Task<VirtualMachine> WaitRestoreInProgressAsync(string vm, string restore) =>
        WaitForAsync($"{vm} marked by {restore}", async () => await VmAsync(vm) is { Status.RestoreInProgress: { } marker } read && marker == restore ? read : null);

    public async Task<VirtualMachineRestore?> RestoreAsync(string name)
    {
        try
        {
            return Convert<VirtualMachineRestore>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.RestorePlural, name));
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Upstream's waitRestoreComplete: <c>complete</c>, <c>restoreTime</c> set, exactly two conditions (Progressing False,
    /// Ready True, both <c>Operation complete</c>) and exactly one owner, the target VM.
    /// </summary>
    public async Task<VirtualMachineRestore> WaitRestoreCompleteAsync(string name, string target, TimeSpan? within = null)
    {
        VirtualMachineRestore? last = null;
        VirtualMachineRestore restore;
        try
        {
            restore = await WaitForAsync($"restore {name} complete", async () => (last = await RestoreAsync(name)) is { Status.Complete: true } r ? r : null, within);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var dvs = await Client.CustomObjects.ListNamespacedCustomObjectAsync("cdi.kubevirt.io", "v1beta1", Namespace, "datavolumes");
            var claims = (await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Namespace)).Items.Select(c => $"{c.Metadata.Name} {c.Status?.Phase} owners={string.Join(",", c.Metadata.OwnerReferences?.Select(o => o.Kind + "/" + o.Name) ?? [])} ann={string.Join(",", c.Metadata.Annotations?.Select(a => a.Key + "=" + a.Value) ?? [])} del={c.Metadata.DeletionTimestamp}");
            throw new Xunit.Sdk.XunitException($"{e.Message}; the restore's status: {KubernetesJson.Serialize(last?.Status)}\nDVs: {KubernetesJson.Serialize(dvs)}\nclaims: {string.Join("\n", claims)}\nvm: {KubernetesJson.Serialize(await VmAsync(target))}");
        }

        var status = restore.Status!;
        Assert.NotNull(status.RestoreTime);
        Assert.Collection(
            status.Conditions!,
            c => Assert.Equal((SnapshotApi.ConditionProgressing, SnapshotApi.ConditionFalse, SnapshotApi.ReasonOperationComplete), (c.Type, c.Status, c.Reason)),
            c => Assert.Equal((SnapshotApi.ConditionReady, SnapshotApi.ConditionTrue, SnapshotApi.ReasonOperationComplete), (c.Type, c.Status, c.Reason)));
        var vm = await VmAsync(target);
        var owner = Assert.Single(restore.Metadata.OwnerReferences!);
        Assert.Equal((KubeVirtApi.ApiVersion, KubeVirtApi.VirtualMachineKind, target, vm!.Metadata.Uid, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller == true));
        return restore;
    }

    /// <summary>Waits until the restore's Ready and Progressing conditions are False with <paramref name="reason"/>.</summary>
    public Task<VirtualMachineRestore> WaitRestoreReasonAsync(string name, string reason, TimeSpan? within = null) =>
        WaitForAsync($"restore {name} not ready: {reason}", async () =>
            await RestoreAsync(name) is { Status.Conditions: { } conditions } r
            && conditions.Any(c => c is { Type: SnapshotApi.ConditionReady, Status: SnapshotApi.ConditionFalse } && c.Reason == reason)
            && conditions.Any(c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse } && c.Reason == reason)
                ? r
                : null,
            within);

    public Task DeleteRestoreAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.RestorePlural, name);

    public Task<V1PersistentVolumeClaim> ClaimAsync(string name) => Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, Namespace);

    /// <summary>
    /// Upstream's checkNewVMEquality: the VM <paramref name="created"/> by a restore has as many volumes, disks,
    /// interfaces and DataVolume templates as <paramref name="source"/>.
    /// </summary>
    public async Task AssertShapedLikeAsync(string source, string created)
    {
        static int[] Shape(VirtualMachine vm) =>
        [
            vm.Spec.Template?.Spec?.Volumes?.Count ?? 0,
            vm.Spec.Template?.Spec?.Domain?.Devices?.Disks?.Count ?? 0,
            vm.Spec.Template?.Spec?.Domain?.Devices?.Interfaces?.Count ?? 0,
            vm.Spec.DataVolumeTemplates?.Count ?? 0,
        ];

        Assert.Equal(Shape((await VmAsync(source))!), Shape((await VmAsync(created))!));
    }

    /// <summary>The claim the VM's volume <paramref name="volume"/> uses now.</summary>
    public async Task<string> ClaimOfVolumeAsync(string vm, string volume)
    {
        var read = await VmAsync(vm);
        return read!.Spec.Template!.Spec!.Volumes!.Single(v => v.Name == volume).ClaimName!;
    }

    /// <summary>
    /// Asserts that every restored claim holds exactly the CSI snapshot its VolumeSnapshot was cut as: the content hash of
    /// the restored CSI volume equals the snapshot's, block for block.
    /// </summary>
    public async Task AssertRestoredDataAsync(VirtualMachineRestore restore)
    {
        var storage = backend.Storage();
        foreach (var entry in restore.Status!.Restores!)
        {
            var volume = await BoundVolumeAsync(entry.PersistentVolumeClaim);
            var volumeSnapshot = await VolumeSnapshotAsync(entry.VolumeSnapshotName);
            var content = Convert<VolumeSnapshotContent>(await Client.CustomObjects.GetClusterCustomObjectAsync(
                SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, volumeSnapshot!.Status!.BoundVolumeSnapshotContentName!));
            Assert.Equal(
                storage.GetSnapshotContentHash(content.Status!.SnapshotHandle!),
                storage.GetVolumeContentHash(volume.Spec.Csi.VolumeHandle));
        }
    }

    /// <summary>Reads the guest journal from the restored claims of <paramref name="volumes"/>, in that order.</summary>
    public async Task<JournalCheckResult> RestoredJournalAsync(VirtualMachineRestore restore, params string[] volumes)
    {
        var handles = new List<string>();
        foreach (var name in volumes)
        {
            handles.Add((await BoundVolumeAsync(restore.Status!.Restores!.Single(r => r.VolumeName == name).PersistentVolumeClaim)).Spec.Csi.VolumeHandle);
        }

        var storage = backend.Storage();
        var disks = handles.Select(handle => new VolumeGuestDisk(storage.Open(handle))).ToList();

        return await JournalChecker.CheckAsync(disks);
    }
}
