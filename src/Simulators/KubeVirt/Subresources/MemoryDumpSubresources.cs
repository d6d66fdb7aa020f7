using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Reflectors;
using Harness.Simulators.KubeVirt.Configuration;
using Harness.Simulators.KubeVirt.MemoryDumps;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>
/// virt-api's <c>memorydump</c> and <c>removememorydump</c> VM subresources: <c>memorydump</c> checks a
/// <c>VirtualMachineMemoryDumpRequest</c> body (the claim, or the VM's current dump claim), that the VMI runs and
/// that the claim is a writable filesystem claim big enough for the dump, then writes the request into
/// <c>vm.status.memoryDumpRequest</c> in phase Associating; <c>removememorydump</c> turns the current request into a
/// Dissociating one. Both answer 202; virt-controller does the rest (<see cref="VirtualMachines.VirtualMachineController"/>).
/// </summary>
internal sealed class MemoryDumpSubresources
{
    private const string Machine = "virtualmachine";
    private const string Claim = "persistentvolumeclaim";
    private const string RequestPath = "/status/memoryDumpRequest";

    private readonly ObjectWriter writer;
    private readonly FeatureGates featureGates;

    public MemoryDumpSubresources(ObjectWriter writer, FeatureGates featureGates)
    {
        this.writer = writer;
        this.featureGates = featureGates;
    }

    public async Task<int> DumpAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (!await featureGates.HotplugVolumesEnabledAsync(ct))
        {
            throw StatusError.BadRequest("Unable to memory dump because HotplugVolumes feature gate is not enabled.");
        }

        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw StatusError.BadRequest("Request with no body");
        }

        var request = Request(RequestBody.Decode(body));
        var vm = await ApiCall.GetAsync<VirtualMachine>(writer, CustomResource.VirtualMachines, Machine, key, ct);
        var current = vm.Status?.MemoryDumpRequest;
        var claimName = request.ClaimName ?? "";
        var currentClaim = current?.ClaimName;
        if (claimName.Length == 0 && current is null)
        {
            throw StatusError.BadRequest("Memory dump requires claim name to be set");
        }

        if (claimName.Length > 0 && currentClaim is not null && currentClaim != claimName)
        {
            throw StatusError.Conflict(Machine, key.Name, $"can't request memory dump for pvc [{claimName}] while pvc [{currentClaim}] is still associated as the memory dump pvc");
        }

        claimName = claimName.Length > 0 ? claimName : currentClaim ?? "";
        request.ClaimName = claimName;
        var vmi = await ApiCall.TryGetAsync<VirtualMachineInstance>(writer, CustomResource.VirtualMachineInstances, key, ct)
            ?? throw StatusError.NotFound("virtualmachineinstance", key.Name);
        if (!IsRunning(vmi))
        {
            throw StatusError.Conflict("virtualmachineinstance", key.Name, "VMI is not running");
        }

        await CheckClaimAsync(vmi, key.Namespace, claimName, ct);
        if (current is not null)
        {
            switch (current.Phase)
            {
                case KubeVirtApi.MemoryDumpPhases.Dissociating:
                    throw StatusError.Conflict(Machine, key.Name, $"can't dump memory for pvc [{claimName}] a remove memory dump request is in progress");
                case not (KubeVirtApi.MemoryDumpPhases.Completed or KubeVirtApi.MemoryDumpPhases.Failed):
                    throw StatusError.Conflict(Machine, key.Name, $"memory dump request for pvc [{claimName}] already in progress");
            }
        }

        request.Phase = KubeVirtApi.MemoryDumpPhases.Associating;
        await PatchRequestAsync(vm, request, ct);
        return 202;
    }

    public async Task<int> RemoveAsync(ObjectKey key, CancellationToken ct)
    {
        var vm = await ApiCall.GetAsync<VirtualMachine>(writer, CustomResource.VirtualMachines, Machine, key, ct);
        if (vm.Status?.MemoryDumpRequest is not { } current)
        {
            throw StatusError.Conflict(Machine, key.Name, $"can't remove memory dump association for vm {key.Name}, no association found");
        }

        if (current.Remove == true)
        {
            throw StatusError.Conflict(Machine, key.Name, $"memory dump remove request for pvc [{current.ClaimName}] already exists");
        }

        await PatchRequestAsync(
            vm,
            new VirtualMachineMemoryDumpRequest { ClaimName = current.ClaimName, Phase = KubeVirtApi.MemoryDumpPhases.Dissociating, Remove = true },
            ct);
        return 202;
    }

    /// <summary>The body's request fields (virt-api decodes it into the typed request; other fields are dropped).</summary>
    private static VirtualMachineMemoryDumpRequest Request(JsonObject body)
    {
        RequestBody.OptionalString(body, "claimName");
        try
        {
            var request = KubernetesUtf8Json.Deserialize<VirtualMachineMemoryDumpRequest>(body)!;
            request.Phase = null;
            request.UnknownFields = null;
            return request;
        }
        catch (JsonException e)
        {
            throw StatusError.BadRequest($"Can not unmarshal Request body to struct, error: {e.Message}");
        }
    }

    private async Task CheckClaimAsync(VirtualMachineInstance vmi, string ns, string claimName, CancellationToken ct)
    {
        V1PersistentVolumeClaim claim;
        try
        {
            claim = await writer.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claimName, ns, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw StatusError.NotFound(Claim, claimName);
        }
        catch (HttpOperationException e)
        {
            throw StatusError.Internal($"unable to retrieve pvc [{claimName}]: {e.Response.Content ?? e.Message}");
        }

        if (claim.Spec?.VolumeMode == "Block")
        {
            throw StatusError.Conflict(Claim, claimName, "pvc should be filesystem pvc");
        }

        if (claim.Spec?.AccessModes?.Contains("ReadOnlyMany") == true)
        {
            throw StatusError.Conflict(Claim, claimName, "pvc access mode can't be read only");
        }

        ResourceQuantity? request = null;
        claim.Spec?.Resources?.Requests?.TryGetValue("storage", out request);
        var size = MemoryDumpClaimSize.Scaled(request);
        var memory = GuestMemory(vmi.Spec);
        var expected = MemoryDumpClaimSize.Expected(memory?.Value);
        if (size.ToDecimal() < expected.ToDecimal())
        {
            throw StatusError.Conflict(Claim, claimName, $"pvc size [{size}] should be bigger then [{expected}]");
        }
    }

    /// <summary>Writes <paramref name="request"/> into the VM status, guarded by a test of the request it replaces.</summary>
    private Task PatchRequestAsync(VirtualMachine vm, VirtualMachineMemoryDumpRequest request, CancellationToken ct)
    {
        var current = vm.Status?.MemoryDumpRequest;
        var operations = vm.Status is not null
            ? new JsonArray(
                JsonPatch.Test(RequestPath, JsonPatch.Json(current)),
                JsonPatch.Set(RequestPath, current is not null, JsonPatch.Json(request)))
            : new JsonArray(JsonPatch.Add("/status", JsonPatch.Json(new VirtualMachineStatus { MemoryDumpRequest = request })));
        return ApiCall.PatchAsync(() => writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct), Machine, vm.Name());
    }
}
