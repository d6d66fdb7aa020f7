using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Configuration;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.VirtualMachines;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>
/// virt-api's VM subresources: <c>start</c>, <c>stop</c>, <c>restart</c> (by the run strategy: a spec patch
/// for Always/Halted/Once, a state-change request in the VM status for Manual/RerunOnFailure/restart) and
/// <c>addvolume</c>/<c>removevolume</c> (persisted in the VM template, hot-plugged by the VM controller),
/// <c>memorydump</c>/<c>removememorydump</c> (<see cref="MemoryDumpSubresources"/>). Returns 202 on success.
/// </summary>
internal sealed class VirtualMachineSubresources
{
    private const string Resource = "virtualmachine";
    private const string RunStrategyPath = "/spec/runStrategy";
    private const string RunningPath = "/spec/running";
    private readonly ObjectWriter writer;
    private readonly FeatureGates featureGates;
    private readonly MemoryDumpSubresources memoryDumps;

    public VirtualMachineSubresources(ObjectWriter writer, FeatureGates featureGates)
    {
        this.writer = writer;
        this.featureGates = featureGates;
        memoryDumps = new MemoryDumpSubresources(writer, featureGates);
    }

    public Task<int> HandleAsync(string action, ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct) => action switch
    {
        "start" => StartAsync(key, RequestBody.Decode(body), ct),
        "stop" => StopAsync(key, RequestBody.Decode(body), ct),
        "restart" => RestartAsync(key, RequestBody.Decode(body), ct),
        "addvolume" => AddVolumeAsync(key, body, ct),
        "memorydump" => memoryDumps.DumpAsync(key, body, ct),
        "removememorydump" => memoryDumps.RemoveAsync(key, ct),
        _ => RemoveVolumeAsync(key, body, ct),
    };

    private async Task<int> StartAsync(ObjectKey key, JsonObject options, CancellationToken ct)
    {
        var dryRun = RequestBody.IsDryRun(options);
        var vm = await GetVmAsync(key, ct);
        var vmi = await ApiCall.TryGetAsync<VirtualMachineInstance>(writer, CustomResource.VirtualMachineInstances, key, ct);
        if (vmi is not null && !IsFinal(vmi) && Phase(vmi) is not (null or "" or KubeVirtApi.InstancePhases.Unknown))
        {
            throw StatusError.Conflict(Resource, key.Name, "VM is already running");
        }

        var strategy = Strategy(vm);
        switch (strategy)
        {
            case RunStrategy.Halted:
                await PatchSpecRunningAsync(vm, running: true, dryRun, ct);
                break;
            case RunStrategy.Manual or RunStrategy.RerunOnFailure:
                if (strategy == RunStrategy.RerunOnFailure && vmi is not null && Phase(vmi) == KubeVirtApi.InstancePhases.Failed)
                {
                    throw StatusError.Conflict(Resource, key.Name, "RerunOnFailure does not support starting VM from failed state");
                }

                var restart = vmi is not null && (strategy == RunStrategy.Manual ? IsFinal(vmi) : Phase(vmi) == KubeVirtApi.InstancePhases.Succeeded);
                VirtualMachineStateChangeRequest[] requests = restart
                    ? [Request(StopAction, vmi!.Uid()), Request(StartAction, null)]
                    : [Request(StartAction, null)];
                await PatchChangeRequestsAsync(vm, requests, dryRun, ct);
                break;
            default:
                throw StatusError.Conflict(Resource, key.Name, $"{strategy} does not support manual start requests");
        }

        return 202;
    }

    private async Task<int> StopAsync(ObjectKey key, JsonObject options, CancellationToken ct)
    {
        var dryRun = RequestBody.IsDryRun(options);
        var gracePeriod = RequestBody.OptionalInteger(options, "gracePeriod");
        var vm = await GetVmAsync(key, ct);
        var strategy = Strategy(vm);
        var vmi = await ApiCall.TryGetAsync<VirtualMachineInstance>(writer, CustomResource.VirtualMachineInstances, key, ct);
        var running = vmi is not null && !IsFinal(vmi);
        switch (strategy)
        {
            case RunStrategy.Halted:
                if (!running)
                {
                    throw StatusError.Conflict(Resource, key.Name, "VM is not running");
                }

                if (gracePeriod is null)
                {
                    throw StatusError.Conflict(Resource, key.Name, "Halted only supports manual stop requests with a shorter graceperiod");
                }

                await PatchChangeRequestsAsync(vm, [Request(StopAction, vmi!.Uid())], dryRun, ct);
                break;
            case RunStrategy.Manual or RunStrategy.RerunOnFailure:
                if (!running)
                {
                    throw StatusError.Conflict(Resource, key.Name, "VM is not running");
                }

                await PatchChangeRequestsAsync(vm, [Request(StopAction, vmi!.Uid())], dryRun, ct);
                break;
            default:
                await PatchSpecRunningAsync(vm, running: false, dryRun, ct);
                break;
        }

        return 202;
    }

    private async Task<int> RestartAsync(ObjectKey key, JsonObject options, CancellationToken ct)
    {
        var dryRun = RequestBody.IsDryRun(options);
        switch (RequestBody.OptionalInteger(options, "gracePeriodSeconds"))
        {
            case > 0:
                throw StatusError.BadRequest("For force restart, only gracePeriod=0 is supported for now");
            case < 0:
                throw StatusError.BadRequest("gracePeriod has to be greater or equal to 0");
        }

        var vm = await GetVmAsync(key, ct);
        var strategy = Strategy(vm);
        if (strategy is RunStrategy.Halted or RunStrategy.Once)
        {
            throw StatusError.Conflict(Resource, key.Name, $"RunStategy {strategy} does not support manual restart requests");
        }

        var vmi = await ApiCall.TryGetAsync<VirtualMachineInstance>(writer, CustomResource.VirtualMachineInstances, key, ct)
            ?? throw StatusError.Conflict(Resource, key.Name, "VM is not running: Halted");
        await PatchChangeRequestsAsync(vm, [Request(StopAction, vmi.Uid()), Request(StartAction, null)], dryRun, ct);
        return 202;
    }

    private async Task<int> AddVolumeAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = await HotplugRequest.ParseAddAsync(featureGates, body, ct);
        var vm = await GetVmAsync(key, ct);
        var spec = TemplateSpec(vm);
        request.VerifyAdd(spec, Resource, key.Name);
        var (volumes, disks) = request.Add(spec);
        await Patch(vm, VolumePatch.Replace(VolumePatch.TemplateSpecPath, spec, volumes, disks), request.DryRun, ct);
        return 202;
    }

    private async Task<int> RemoveVolumeAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = await HotplugRequest.ParseRemoveAsync(featureGates, body, ct);
        var vm = await GetVmAsync(key, ct);
        var spec = TemplateSpec(vm);
        request.VerifyRemove(spec, Resource, key.Name);
        var (volumes, disks) = request.Remove(spec);
        await Patch(vm, VolumePatch.Replace(VolumePatch.TemplateSpecPath, spec, volumes, disks), request.DryRun, ct);

        // The VM controller only adds persisted volumes to a running VMI; unplug it there too.
        var vmi = await ApiCall.TryGetAsync<VirtualMachineInstance>(writer, CustomResource.VirtualMachineInstances, key, ct);
        if (!request.DryRun && vmi is not null && vmi.IsControlledBy(vm.UidOrEmpty()) && !IsFinal(vmi)
            && request.Finds(vmi.Spec) is not null)
        {
            var (vmiVolumes, vmiDisks) = request.Remove(vmi.Spec);
            await ApiCall.PatchAsync(
                () => writer.JsonPatchAsync(CustomResource.VirtualMachineInstances, key, VolumePatch.Replace(VolumePatch.InstanceSpecPath, vmi.Spec, vmiVolumes, vmiDisks), ct),
                "virtualmachineinstance",
                key.Name);
        }

        return 202;
    }

    private Task<VirtualMachine> GetVmAsync(ObjectKey key, CancellationToken ct)
        => ApiCall.GetAsync<VirtualMachine>(writer, CustomResource.VirtualMachines, Resource, key, ct);

    private static RunStrategy Strategy(VirtualMachine vm)
    {
        try
        {
            return RunStrategyOf(vm);
        }
        catch (InvalidOperationException e)
        {
            throw StatusError.Internal(e.Message);
        }
    }

    private Task PatchSpecRunningAsync(VirtualMachine vm, bool running, bool dryRun, CancellationToken ct)
    {
        var operations = vm.Spec.RunStrategy is { } strategy
            ? new JsonArray(
                JsonPatch.Test(RunStrategyPath, strategy),
                JsonPatch.Replace(RunStrategyPath, running ? nameof(RunStrategy.Always) : nameof(RunStrategy.Halted)))
            : vm.Spec.Running is { } current
                ? new JsonArray(JsonPatch.Test(RunningPath, current), JsonPatch.Replace(RunningPath, running))
                : new JsonArray(JsonPatch.Add(RunningPath, running));
        return Patch(vm, operations, dryRun, ct);
    }

    /// <summary>Adds state-change requests as virt-api does: refused while another start/stop is underway, except a lone stop, which replaces them.</summary>
    private Task PatchChangeRequestsAsync(VirtualMachine vm, VirtualMachineStateChangeRequest[] requests, bool dryRun, CancellationToken ct)
    {
        var existing = StateChangeRequests(vm);
        var value = JsonPatch.Json(requests);
        JsonArray operations;
        if (vm.Status is null)
        {
            operations = new JsonArray(JsonPatch.Add("/status", JsonPatch.Json(new VirtualMachineStatus { StateChangeRequests = requests })));
        }
        else if (existing.Count == 0)
        {
            operations = new JsonArray(JsonPatch.Add(StateChangeRequestsPath, value));
        }
        else if (requests is [{ Action: StopAction }])
        {
            operations = new JsonArray(JsonPatch.Test(StateChangeRequestsPath, JsonPatch.Json(existing)), JsonPatch.Replace(StateChangeRequestsPath, value));
        }
        else
        {
            throw StatusError.Internal("unable to complete request: stop/start already underway");
        }

        if (dryRun)
        {
            return Task.CompletedTask;
        }

        return ApiCall.PatchAsync(() => writer.JsonPatchStatusAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct), Resource, vm.Name());
    }

    private Task Patch(VirtualMachine vm, JsonArray operations, bool dryRun, CancellationToken ct)
        => dryRun
            ? Task.CompletedTask
            : ApiCall.PatchAsync(() => writer.JsonPatchAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct), Resource, vm.Name());

    private static VirtualMachineStateChangeRequest Request(string action, string? uid) => new() { Action = action, Uid = uid };
}
