using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;
using static Harness.Simulators.KubeVirt.VirtualMachines.VolumePatch;

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
    private const string MemoryDumpRequestPath = "/status/memoryDumpRequest";

    private async Task SyncMemoryDumpAsync(VirtualMachine vm, VirtualMachineInstance? vmi, CancellationToken ct)
    {
        if (vm.Status?.MemoryDumpRequest is not { ClaimName: { Length: > 0 } claim } request)
        {
            return;
        }

        var liveVmi = vmi is not null && !vmi.IsDeleting() && IsRunning(vmi) ? vmi : null;
        var inVmi = vmi is not null && HasVolume(vmi.Spec, claim);
        var template = TemplateSpec(vm);
        switch (request.Phase)
        {
            case KubeVirtApi.MemoryDumpPhases.Associating when liveVmi is not null:
                if (!HasVolume(template, claim))
                {
                    template = TemplateSpec(await PatchVolumesAsync(vm, TemplateSpecPath, template, [.. Volumes(template), MemoryDumpVolume(claim)], ct));
                }

                if (!inVmi)
                {
                    await PatchVolumesAsync(liveVmi, InstanceSpecPath, liveVmi.Spec, [.. Volumes(liveVmi.Spec), MemoryDumpVolume(claim)], ct);
                }

                break;
            case KubeVirtApi.MemoryDumpPhases.Unmounting or KubeVirtApi.MemoryDumpPhases.Failed:
                await AnnotateClaimAsync(vm.NamespaceOrEmpty(), request, ct);
                if (inVmi)
                {
                    await PatchVolumesAsync(vmi!, InstanceSpecPath, vmi!.Spec, Without(vmi.Spec, claim), ct);
                }

                break;
            case KubeVirtApi.MemoryDumpPhases.Dissociating:
                if (inVmi)
                {
                    await PatchVolumesAsync(vmi!, InstanceSpecPath, vmi!.Spec, Without(vmi.Spec, claim), ct);
                }

                if (HasVolume(template, claim))
                {
                    template = TemplateSpec(await PatchVolumesAsync(vm, TemplateSpecPath, template, Without(template, claim), ct));
                }

                break;
        }

        var current = JsonPatch.Json(request);
        var updated = Advanced(request, claim, template, vmi) is { } next ? JsonPatch.Json(next) : null;
        if (!JsonNode.DeepEquals(updated, current))
        {
            var operations = new JsonArray(
                JsonPatch.Test(MemoryDumpRequestPath, current),
                updated is null ? JsonPatch.Remove(MemoryDumpRequestPath) : JsonPatch.Replace(MemoryDumpRequestPath, updated));
            await writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct);
        }
    }

    /// <summary>The request's next state (KubeVirt's <c>UpdateRequest</c>); null once a dissociation is done.</summary>
    private static VirtualMachineMemoryDumpRequest? Advanced(
        VirtualMachineMemoryDumpRequest request, string claim, VirtualMachineInstanceSpec? template, VirtualMachineInstance? vmi)
    {
        var next = ObjectCopy.Of(request);
        if (request.Remove == true)
        {
            next.Phase = KubeVirtApi.MemoryDumpPhases.Dissociating;
        }

        var status = vmi?.Status?.VolumeStatus?.FirstOrDefault(s => s.Name == claim);
        switch (request.Phase)
        {
            case KubeVirtApi.MemoryDumpPhases.Associating when HasVolume(template, claim):
                next.Phase = KubeVirtApi.MemoryDumpPhases.InProgress;
                break;
            case KubeVirtApi.MemoryDumpPhases.InProgress when status?.MemoryDumpVolume is { } dump:
                if (dump.StartTimestamp is { } start)
                {
                    next.StartTimestamp = start;
                }

                if (status.Phase == KubeVirtApi.MemoryDumpVolumePhases.Completed)
                {
                    next.Phase = KubeVirtApi.MemoryDumpPhases.Unmounting;
                    next.EndTimestamp = dump.EndTimestamp;
                    next.FileName = dump.TargetFileName;
                }
                else if (status.Phase == KubeVirtApi.MemoryDumpVolumePhases.Failed)
                {
                    next.Phase = KubeVirtApi.MemoryDumpPhases.Failed;
                    next.Message = status.Message;
                    next.EndTimestamp = dump.EndTimestamp;
                }

                break;
            case KubeVirtApi.MemoryDumpPhases.Unmounting when status is null:
                next.Phase = KubeVirtApi.MemoryDumpPhases.Completed;
                break;
            case KubeVirtApi.MemoryDumpPhases.Dissociating when status is null && !HasVolume(template, claim):
                return null;
        }

        return next;
    }

    /// <summary>A VMI created from a VM whose dump is over does not take the dump volume again.</summary>
    private static void DropFinishedMemoryDump(VirtualMachine vm, VirtualMachineInstanceSpec vmiSpec)
    {
        if (vm.Status?.MemoryDumpRequest is { } request
            && request.Phase is not (KubeVirtApi.MemoryDumpPhases.Associating or KubeVirtApi.MemoryDumpPhases.InProgress)
            && request.ClaimName is { } claim
            && vmiSpec.Volumes is not null)
        {
            vmiSpec.Volumes = Without(vmiSpec, claim);
        }
    }

    /// <summary>Sets <c>kubevirt.io/memory-dump</c> on the claim: the dump's file name, or that it failed.</summary>
    private async Task AnnotateClaimAsync(string ns, VirtualMachineMemoryDumpRequest request, CancellationToken ct)
    {
        var value = request.Phase == KubeVirtApi.MemoryDumpPhases.Failed ? MemoryDumpFailed : request.FileName;
        var claim = cache.Claim(ns, request.ClaimName!)
            ?? throw new InvalidOperationException($"Error when trying to update memory dump annotation, pvc {request.ClaimName} not found");
        if (value is null || claim.GetAnnotation(KubeVirtApi.MemoryDumpAnnotation) == value)
        {
            return;
        }

        var operation = claim.Metadata.Annotations is { Count: > 0 }
            ? JsonPatch.Replace("/metadata/annotations/" + KubeVirtApi.MemoryDumpAnnotation.Replace("/", "~1", StringComparison.Ordinal), value)
            : JsonPatch.Add("/metadata/annotations", new JsonObject { [KubeVirtApi.MemoryDumpAnnotation] = value });
        await writer.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch(new JsonArray(operation).ToJsonString(), V1Patch.PatchType.JsonPatch), claim.Name(), ns, cancellationToken: ct);
    }

    /// <summary>Replaces the volume list of <paramref name="spec"/>, at <paramref name="specPath"/> of <paramref name="owner"/>, guarded by a test of the current one; returns the patched owner.</summary>
    private async Task<T> PatchVolumesAsync<T>(T owner, string specPath, VirtualMachineInstanceSpec? spec, List<Volume> volumes, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = owner is VirtualMachineInstance ? CustomResource.VirtualMachineInstances : CustomResource.VirtualMachines;
        var volumesPath = specPath + "/volumes";
        var operations = new JsonArray();
        if (spec?.Volumes is { } current)
        {
            operations.Add(JsonPatch.Test(volumesPath, JsonPatch.Json(current)));
        }

        operations.Add(JsonPatch.Set(volumesPath, spec?.Volumes is not null, JsonPatch.Json(volumes)));
        return await writer.JsonPatchAsync<T>(resource, owner.Key(), operations, ct);
    }

    private static Volume MemoryDumpVolume(string claim) => new()
    {
        Name = claim,
        MemoryDump = new PersistentVolumeClaimVolumeSource { ClaimName = claim, Hotpluggable = true },
    };

    private static bool HasVolume(VirtualMachineInstanceSpec? spec, string name) => Volumes(spec).Any(v => v.Name == name);

    private static List<Volume> Without(VirtualMachineInstanceSpec? spec, string name) => [.. Volumes(spec).Where(v => v.Name != name)];
}
