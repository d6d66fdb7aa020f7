using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>
/// virt-controller's side of a memory dump (<c>vm.status.memoryDumpRequest</c>): Associating puts the claim as a
/// hot-pluggable <c>memoryDump</c> volume into the VM template and the running VMI (then InProgress); when the VMI's
/// volume status reports the dump Completed (or Failed) the request takes the file name and end time (Unmounting),
/// the claim is annotated <c>kubevirt.io/memory-dump</c> and the volume unplugged from the VMI; once the VMI no
/// longer lists it, Completed. Dissociating (<c>removememorydump</c>) unplugs it, drops it from the template and
/// clears the request. The volume stays in the VM template after a dump, as in KubeVirt.
/// </summary>
internal sealed partial class VirtualMachineController
{
    private const string MemoryDumpFailed = "Memory dump failed";

    private async Task SyncMemoryDumpAsync(JsonObject vm, JsonObject? vmi, CancellationToken ct)
    {
        if (vm.Node("status", "memoryDumpRequest") is not JsonObject request || request.Str("claimName") is not { Length: > 0 } claim)
        {
            return;
        }

        var liveVmi = vmi is not null && !vmi.IsDeleting() && IsRunning(vmi) ? vmi : null;
        var inVmi = vmi is not null && HasVolume(vmi.Obj("spec"), claim);
        var template = vm.Obj("spec", "template", "spec");
        switch (request.Str("phase"))
        {
            case KubeVirtApi.MemoryDumpPhases.Associating when liveVmi is not null:
                if (!HasVolume(template, claim))
                {
                    template = await PatchVolumesAsync(vm, "/spec/template/spec", [.. template.Objects("volumes").Select(v => v.DeepClone()), MemoryDumpVolume(claim)], ct);
                }

                if (!inVmi)
                {
                    await PatchVolumesAsync(liveVmi, "/spec", [.. liveVmi.Objects("spec", "volumes").Select(v => v.DeepClone()), MemoryDumpVolume(claim)], ct);
                }

                break;
            case KubeVirtApi.MemoryDumpPhases.Unmounting or KubeVirtApi.MemoryDumpPhases.Failed:
                await AnnotateClaimAsync(vm.Namespace(), request, ct);
                if (inVmi)
                {
                    await PatchVolumesAsync(vmi!, "/spec", Without(vmi!.Obj("spec"), claim), ct);
                }

                break;
            case KubeVirtApi.MemoryDumpPhases.Dissociating:
                if (inVmi)
                {
                    await PatchVolumesAsync(vmi!, "/spec", Without(vmi!.Obj("spec"), claim), ct);
                }

                if (HasVolume(template, claim))
                {
                    template = await PatchVolumesAsync(vm, "/spec/template/spec", Without(template, claim), ct);
                }

                break;
        }

        var updated = Advanced(request, claim, template, vmi);
        if (!JsonNode.DeepEquals(updated, request))
        {
            var operations = new JsonArray(new JsonObject { ["op"] = "test", ["path"] = "/status/memoryDumpRequest", ["value"] = request.DeepClone() });
            operations.Add(updated is null
                ? new JsonObject { ["op"] = "remove", ["path"] = "/status/memoryDumpRequest" }
                : new JsonObject { ["op"] = "replace", ["path"] = "/status/memoryDumpRequest", ["value"] = updated });
            await writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct);
        }
    }

    /// <summary>The request's next state (KubeVirt's <c>UpdateRequest</c>); null once a dissociation is done.</summary>
    private static JsonObject? Advanced(JsonObject request, string claim, JsonObject template, JsonObject? vmi)
    {
        var next = request.Clone();
        if (request.Bool("remove") == true)
        {
            next["phase"] = KubeVirtApi.MemoryDumpPhases.Dissociating;
        }

        var status = vmi?.Objects("status", "volumeStatus").FirstOrDefault(s => s.Str("name") == claim);
        switch (request.Str("phase"))
        {
            case KubeVirtApi.MemoryDumpPhases.Associating when HasVolume(template, claim):
                next["phase"] = KubeVirtApi.MemoryDumpPhases.InProgress;
                break;
            case KubeVirtApi.MemoryDumpPhases.InProgress when status is not null && status["memoryDumpVolume"] is JsonObject dump:
                if (dump["startTimestamp"] is { } start)
                {
                    next["startTimestamp"] = start.DeepClone();
                }

                if (status.Str("phase") == KubeVirtApi.MemoryDumpVolumePhases.Completed)
                {
                    next["phase"] = KubeVirtApi.MemoryDumpPhases.Unmounting;
                    next["endTimestamp"] = dump["endTimestamp"]?.DeepClone();
                    next["fileName"] = dump.Str("targetFileName");
                }
                else if (status.Str("phase") == KubeVirtApi.MemoryDumpVolumePhases.Failed)
                {
                    next["phase"] = KubeVirtApi.MemoryDumpPhases.Failed;
                    next["message"] = status.Str("message");
                    next["endTimestamp"] = dump["endTimestamp"]?.DeepClone();
                }

                break;
            case KubeVirtApi.MemoryDumpPhases.Unmounting when status is null:
                next["phase"] = KubeVirtApi.MemoryDumpPhases.Completed;
                break;
            case KubeVirtApi.MemoryDumpPhases.Dissociating when status is null && !HasVolume(template, claim):
                return null;
        }

        return next;
    }

    /// <summary>A VMI created from a VM whose dump is over does not take the dump volume again.</summary>
    private static void DropFinishedMemoryDump(JsonObject vm, JsonObject vmiSpec)
    {
        if (vm.Obj("status", "memoryDumpRequest") is { Count: > 0 } request
            && request.Str("phase") is not (KubeVirtApi.MemoryDumpPhases.Associating or KubeVirtApi.MemoryDumpPhases.InProgress)
            && request.Str("claimName") is { } claim
            && vmiSpec["volumes"] is JsonArray)
        {
            vmiSpec["volumes"] = Without(vmiSpec, claim);
        }
    }

    /// <summary>Sets <c>kubevirt.io/memory-dump</c> on the claim: the dump's file name, or that it failed.</summary>
    private async Task AnnotateClaimAsync(string ns, JsonObject request, CancellationToken ct)
    {
        var value = request.Str("phase") == KubeVirtApi.MemoryDumpPhases.Failed ? MemoryDumpFailed : request.Str("fileName");
        var claim = cache.Claim(ns, request.Str("claimName")!)
            ?? throw new InvalidOperationException($"Error when trying to update memory dump annotation, pvc {request.Str("claimName")} not found");
        if (value is null || claim.GetAnnotation(KubeVirtApi.MemoryDumpAnnotation) == value)
        {
            return;
        }

        var operation = claim.Metadata.Annotations is { Count: > 0 }
            ? new JsonObject { ["op"] = "replace", ["path"] = "/metadata/annotations/" + KubeVirtApi.MemoryDumpAnnotation.Replace("/", "~1", StringComparison.Ordinal), ["value"] = value }
            : new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject { [KubeVirtApi.MemoryDumpAnnotation] = value } };
        await writer.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch(new JsonArray(operation).ToJsonString(), V1Patch.PatchType.JsonPatch), claim.Name(), ns, cancellationToken: ct);
    }

    /// <summary>Replaces the volume list at <paramref name="specPath"/>, guarded by a test of the current one; returns the new spec.</summary>
    private async Task<JsonObject> PatchVolumesAsync(JsonObject owner, string specPath, JsonArray volumes, CancellationToken ct)
    {
        var resource = specPath == "/spec" ? CustomResource.VirtualMachineInstances : CustomResource.VirtualMachines;
        var current = owner.Obj(specPath.Trim('/').Split('/'))["volumes"];
        var operations = new JsonArray();
        if (current is not null)
        {
            operations.Add(new JsonObject { ["op"] = "test", ["path"] = specPath + "/volumes", ["value"] = current.DeepClone() });
        }

        operations.Add(new JsonObject { ["op"] = current is null ? "add" : "replace", ["path"] = specPath + "/volumes", ["value"] = volumes });
        var patched = await writer.JsonPatchAsync(resource, owner.Key(), operations, ct);
        return patched.Obj(specPath.Trim('/').Split('/'));
    }

    private static JsonObject MemoryDumpVolume(string claim) => new()
    {
        ["name"] = claim,
        ["memoryDump"] = new JsonObject { ["claimName"] = claim, ["hotpluggable"] = true },
    };

    private static bool HasVolume(JsonObject spec, string name) => spec.Objects("volumes").Any(v => v.Str("name") == name);

    private static JsonArray Without(JsonObject spec, string name)
        => new([.. spec.Objects("volumes").Where(v => v.Str("name") != name).Select(v => v.DeepClone())]);
}
