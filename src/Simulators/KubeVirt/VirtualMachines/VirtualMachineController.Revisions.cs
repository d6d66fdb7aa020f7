using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;
using static Harness.Simulators.KubeVirt.VirtualMachines.VolumePatch;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>The VM's revisions, state-change requests and hot-plugged volumes.</summary>
internal sealed partial class VirtualMachineController
{
    private async Task<string> CreateRevisionAsync(VirtualMachine vm, CancellationToken ct)
    {
        var prefix = $"revision-start-vm-{vm.Uid()}-";
        var generation = vm.Generation().GetValueOrDefault();
        var name = prefix + generation.ToString(CultureInfo.InvariantCulture);
        var revision = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = vm.NamespaceOrEmpty(),
                OwnerReferences = [ControllerReference.To(KubeVirtApi.ApiVersion, KubeVirtApi.VirtualMachineKind, vm.Name(), vm.UidOrEmpty())],
            },
            Data = new JsonObject { ["spec"] = JsonPatch.Json(vm.Spec) },
            Revision = generation,
        };
        try
        {
            await writer.Client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, vm.NamespaceOrEmpty(), cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // AlreadyExists: the same generation started before.
        }

        var existing = await writer.Client.AppsV1.ListNamespacedControllerRevisionAsync(vm.NamespaceOrEmpty(), cancellationToken: ct);
        foreach (var old in existing.Items.Where(r => r.Name().StartsWith(prefix, StringComparison.Ordinal) && r.Name() != name))
        {
            try
            {
                await writer.Client.AppsV1.DeleteNamespacedControllerRevisionAsync(old.Name(), vm.NamespaceOrEmpty(), cancellationToken: ct);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }

        return name;
    }

    /// <summary>
    /// Drops the first state-change request once it has been acted on (the VMI started, or the stopped VMI is gone);
    /// returns the VM as it is after that.
    /// </summary>
    private async Task<VirtualMachine> TrimStateChangeRequestAsync(VirtualMachine vm, VirtualMachineInstance? vmi, CancellationToken ct)
    {
        var requests = StateChangeRequests(vm);
        if (requests.Count == 0)
        {
            return vm;
        }

        var first = requests[0];
        var done = first.Action switch
        {
            StopAction => vmi is null || first.Uid is null || first.Uid != vmi.Uid(),
            StartAction => vmi is not null && !vmi.IsDeleting() && !IsFinal(vmi),
            _ => true,
        };
        if (!done)
        {
            return vm;
        }

        var rest = requests.Skip(1).ToList();
        var operations = new JsonArray(
            JsonPatch.Test(StateChangeRequestsPath, JsonPatch.Json(requests)),
            rest.Count == 0 ? JsonPatch.Remove(StateChangeRequestsPath) : JsonPatch.Replace(StateChangeRequestsPath, JsonPatch.Json(rest)));
        return await writer.JsonPatchStatusAsync<VirtualMachine>(CustomResource.VirtualMachines, vm.Key(), operations, ct);
    }

    private async Task AddStateChangeRequestAsync(VirtualMachine vm, VirtualMachineStateChangeRequest request, CancellationToken ct)
    {
        var operations = vm.Status?.StateChangeRequests is { } current
            ? new JsonArray(
                JsonPatch.Test(StateChangeRequestsPath, JsonPatch.Json(current)),
                JsonPatch.Add(StateChangeRequestsPath + "/-", JsonPatch.Json(request)))
            : new JsonArray(JsonPatch.Add(StateChangeRequestsPath, JsonPatch.Json(new[] { request })));
        if (vm.Status is null)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), [], ct);
        }

        await writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct);
    }

    /// <summary>Adds volumes persisted as hotpluggable in the VM template to its running VMI.</summary>
    private async Task SyncHotplugVolumesAsync(VirtualMachine vm, VirtualMachineInstance? vmi, CancellationToken ct)
    {
        if (vmi is null || vmi.IsDeleting() || !IsRunning(vmi))
        {
            return;
        }

        var present = Volumes(vmi.Spec).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        if (!Volumes(TemplateSpec(vm)).Any(v => IsHotpluggedDisk(v) && !present.Contains(v.Name)))
        {
            return;
        }

        // A cached VM may still list a volume that removevolume has just unplugged: decide on the current VM.
        vm = await writer.GetAsync<VirtualMachine>(CustomResource.VirtualMachines, vm.Key(), ct);
        var missing = Volumes(TemplateSpec(vm)).Where(v => IsHotpluggedDisk(v) && !present.Contains(v.Name)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var templateDisks = Disks(TemplateSpec(vm));
        List<Volume> volumes = [.. Volumes(vmi.Spec), .. missing];
        List<Disk> disks =
        [
            .. Disks(vmi.Spec),
            .. missing.Select(v => templateDisks.FirstOrDefault(d => d.Name == v.Name)
                ?? new Disk { Name = v.Name, DiskTarget = new DiskTarget { Bus = "scsi" } }),
        ];
        await writer.JsonPatchAsync(CustomResource.VirtualMachineInstances, vmi.Key(), Replace(InstanceSpecPath, vmi.Spec, volumes, disks), ct);
    }
}
