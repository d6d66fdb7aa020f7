using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>The VM's revisions, state-change requests and hot-plugged volumes.</summary>
internal sealed partial class VirtualMachineController
{
    private async Task<string> CreateRevisionAsync(JsonObject vm, CancellationToken ct)
    {
        var prefix = $"revision-start-vm-{vm.Uid()}-";
        var name = prefix + vm.Generation().ToString(CultureInfo.InvariantCulture);
        var revision = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = vm.Namespace(),
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "kubevirt.io/v1",
                        Kind = "VirtualMachine",
                        Name = vm.Name(),
                        Uid = vm.Uid(),
                        BlockOwnerDeletion = true,
                        Controller = true,
                    },
                ],
            },
            Data = new JsonObject { ["spec"] = vm["spec"]?.DeepClone() },
            Revision = vm.Generation(),
        };
        try
        {
            await writer.Client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, vm.Namespace(), cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // AlreadyExists: the same generation started before.
        }

        var existing = await writer.Client.AppsV1.ListNamespacedControllerRevisionAsync(vm.Namespace(), cancellationToken: ct);
        foreach (var old in existing.Items.Where(r => r.Name().StartsWith(prefix, StringComparison.Ordinal) && r.Name() != name))
        {
            try
            {
                await writer.Client.AppsV1.DeleteNamespacedControllerRevisionAsync(old.Name(), vm.Namespace(), cancellationToken: ct);
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
    private async Task<JsonObject> TrimStateChangeRequestAsync(JsonObject vm, JsonObject? vmi, CancellationToken ct)
    {
        var requests = StateChangeRequests(vm);
        if (requests.Count == 0)
        {
            return vm;
        }

        var first = requests[0];
        var done = first.Str("action") switch
        {
            "Stop" => vmi is null || first.Str("uid") is null || first.Str("uid") != vmi.Uid(),
            "Start" => vmi is not null && !vmi.IsDeleting() && !IsFinal(vmi),
            _ => true,
        };
        if (!done)
        {
            return vm;
        }

        var rest = new JsonArray([.. requests.Skip(1).Select(r => r.DeepClone())]);
        var operations = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/status/stateChangeRequests", ["value"] = vm.Node("status", "stateChangeRequests")!.DeepClone() },
            rest.Count == 0
                ? new JsonObject { ["op"] = "remove", ["path"] = "/status/stateChangeRequests" }
                : new JsonObject { ["op"] = "replace", ["path"] = "/status/stateChangeRequests", ["value"] = rest });
        return await writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct);
    }

    private async Task AddStateChangeRequestAsync(JsonObject vm, JsonObject request, CancellationToken ct)
    {
        var current = vm.Node("status", "stateChangeRequests");
        var operations = current is null
            ? new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status/stateChangeRequests", ["value"] = new JsonArray(request) })
            : new JsonArray(
                new JsonObject { ["op"] = "test", ["path"] = "/status/stateChangeRequests", ["value"] = current.DeepClone() },
                new JsonObject { ["op"] = "add", ["path"] = "/status/stateChangeRequests/-", ["value"] = request });
        if (vm["status"] is null)
        {
            await writer.PatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), [], ct);
        }

        await writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct);
    }

    /// <summary>Adds volumes persisted as hotpluggable in the VM template to its running VMI.</summary>
    private async Task SyncHotplugVolumesAsync(JsonObject vm, JsonObject? vmi, CancellationToken ct)
    {
        if (vmi is null || vmi.IsDeleting() || !IsRunning(vmi))
        {
            return;
        }

        var present = vmi.Objects("spec", "volumes").Select(v => v.Str("name")).ToHashSet(StringComparer.Ordinal);
        var missing = TemplateVolumes(vm).Where(v => IsHotpluggable(v) && !present.Contains(v.Str("name"))).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // A cached VM may still list a volume that removevolume has just unplugged: decide on the current VM.
        vm = await writer.GetAsync(CustomResource.VirtualMachines, vm.Key(), ct);
        missing = [.. TemplateVolumes(vm).Where(v => IsHotpluggable(v) && !present.Contains(v.Str("name")))];
        if (missing.Count == 0)
        {
            return;
        }

        var templateDisks = vm.Objects("spec", "template", "spec", "domain", "devices", "disks").ToList();
        var volumes = new JsonArray([.. vmi.Objects("spec", "volumes").Select(v => v.DeepClone()), .. missing.Select(v => v.DeepClone())]);
        var disks = new JsonArray([
            .. vmi.Objects("spec", "domain", "devices", "disks").Select(d => d.DeepClone()),
            .. missing.Select(v => templateDisks.FirstOrDefault(d => d.Str("name") == v.Str("name"))?.DeepClone()
                ?? new JsonObject { ["name"] = v.Str("name"), ["disk"] = new JsonObject { ["bus"] = "scsi" } }),
        ]);
        await writer.JsonPatchAsync(CustomResource.VirtualMachineInstances, vmi.Key(), VolumePatch.Replace("/spec", vmi, volumes, disks), ct);
    }
}
