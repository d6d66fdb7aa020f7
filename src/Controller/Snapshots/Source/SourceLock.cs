using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.Clients;
using Harness.Controller.Defects;
using Harness.Reconciling;
using k8s.Models;

namespace Harness.Controller.Snapshots.Source;

/// <summary>
/// Takes and releases a VM for one snapshot in KubeVirt's order: lock writes <c>status.snapshotInProgress</c> first
/// and the source-protection finalizer second; unlock removes the finalizer first and clears the status second.
/// Each write is guarded by the resourceVersion it was decided on, and each step is skipped when already done, so a
/// half-done lock or unlock (a write failed, the controller restarted) is completed by the next pass.
/// </summary>
internal sealed class SourceLock(CustomResourceClient<VirtualMachine> vms, ControllerDefects defects)
{
    public async Task LockAsync(VirtualMachine vm, string snapshotName, CancellationToken ct)
    {
        if (vm.Status?.SnapshotInProgress is null)
        {
            vm = await vms.PatchStatusAsync(vm.Metadata.NamespaceProperty, vm.Metadata.Name, StatusPatch(vm, snapshotName), ct);
        }

        if (!MergePatches.Has(vm.Metadata, SnapshotApi.SourceProtectionFinalizer))
        {
            await vms.PatchAsync(vm.Metadata.NamespaceProperty, vm.Metadata.Name, MergePatches.Finalizers(vm.Metadata, MergePatches.With(vm.Metadata, SnapshotApi.SourceProtectionFinalizer)), ct);
        }
    }

    /// <summary>Releases the VM if <paramref name="snapshotName"/> holds it.</summary>
    public async Task UnlockAsync(VirtualMachine vm, string snapshotName, CancellationToken ct)
    {
        if (vm.Status?.SnapshotInProgress != snapshotName)
        {
            return;
        }

        if (MergePatches.Has(vm.Metadata, SnapshotApi.SourceProtectionFinalizer) && !defects.HasFlag(ControllerDefects.LockFinalizerLeaked))
        {
            vm = await vms.PatchAsync(vm.Metadata.NamespaceProperty, vm.Metadata.Name, MergePatches.Finalizers(vm.Metadata, MergePatches.Without(vm.Metadata, SnapshotApi.SourceProtectionFinalizer)), ct);
        }

        await vms.PatchStatusAsync(vm.Metadata.NamespaceProperty, vm.Metadata.Name, StatusPatch(vm, null), ct);
    }

    private static V1Patch StatusPatch(VirtualMachine vm, string? holder) => MergePatches.Of(new JsonObject
    {
        ["metadata"] = new JsonObject { ["resourceVersion"] = vm.Metadata.ResourceVersion },
        ["status"] = new JsonObject { ["snapshotInProgress"] = holder },
    });
}
