using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Configuration;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.VirtualMachines;
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
        var vmi = await ApiCall.TryGetAsync(writer, CustomResource.VirtualMachineInstances, key, ct);
        if (vmi is not null && !IsFinal(vmi) && Phase(vmi) is not (null or "" or "Unknown"))
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
                if (strategy == RunStrategy.RerunOnFailure && vmi is not null && Phase(vmi) == "Failed")
                {
                    throw StatusError.Conflict(Resource, key.Name, "RerunOnFailure does not support starting VM from failed state");
                }

                var restart = vmi is not null && (strategy == RunStrategy.Manual ? IsFinal(vmi) : Phase(vmi) == "Succeeded");
                JsonObject[] requests = restart
                    ? [Request("Stop", vmi!.Uid()), Request("Start", null)]
                    : [Request("Start", null)];
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
        var vmi = await ApiCall.TryGetAsync(writer, CustomResource.VirtualMachineInstances, key, ct);
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

                await PatchChangeRequestsAsync(vm, [Request("Stop", vmi!.Uid())], dryRun, ct);
                break;
            case RunStrategy.Manual or RunStrategy.RerunOnFailure:
                if (!running)
                {
                    throw StatusError.Conflict(Resource, key.Name, "VM is not running");
                }

                await PatchChangeRequestsAsync(vm, [Request("Stop", vmi!.Uid())], dryRun, ct);
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

        var vmi = await ApiCall.TryGetAsync(writer, CustomResource.VirtualMachineInstances, key, ct)
            ?? throw StatusError.Conflict(Resource, key.Name, "VM is not running: Halted");
        await PatchChangeRequestsAsync(vm, [Request("Stop", vmi.Uid()), Request("Start", null)], dryRun, ct);
        return 202;
    }

    private async Task<int> AddVolumeAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = await HotplugRequest.ParseAddAsync(featureGates, body, ct);
        var vm = await GetVmAsync(key, ct);
        var spec = vm.Obj("spec", "template", "spec");
        request.VerifyAdd(spec, Resource, key.Name);
        var (volumes, disks) = request.Add(spec);
        await Patch(vm, VolumePatch.Replace("/spec/template/spec", vm, volumes, disks), request.DryRun, ct);
        return 202;
    }

    private async Task<int> RemoveVolumeAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = await HotplugRequest.ParseRemoveAsync(featureGates, body, ct);
        var vm = await GetVmAsync(key, ct);
        var spec = vm.Obj("spec", "template", "spec");
        request.VerifyRemove(spec, Resource, key.Name);
        var (volumes, disks) = request.Remove(spec);
        await Patch(vm, VolumePatch.Replace("/spec/template/spec", vm, volumes, disks), request.DryRun, ct);

        // The VM controller only adds persisted volumes to a running VMI; unplug it there too.
        var vmi = await ApiCall.TryGetAsync(writer, CustomResource.VirtualMachineInstances, key, ct);
        if (!request.DryRun && vmi is not null && IsControlledBy(vmi, vm.Uid()) && !IsFinal(vmi)
            && request.Finds(vmi.Obj("spec")) is not null)
        {
            var (vmiVolumes, vmiDisks) = request.Remove(vmi.Obj("spec"));
            await ApiCall.PatchAsync(
                () => writer.JsonPatchAsync(CustomResource.VirtualMachineInstances, key, VolumePatch.Replace("/spec", vmi, vmiVolumes, vmiDisks), ct),
                "virtualmachineinstance",
                key.Name);
        }

        return 202;
    }

    private Task<JsonObject> GetVmAsync(ObjectKey key, CancellationToken ct)
        => ApiCall.GetAsync(writer, CustomResource.VirtualMachines, Resource, key, ct);

    private static RunStrategy Strategy(JsonObject vm)
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

    private Task PatchSpecRunningAsync(JsonObject vm, bool running, bool dryRun, CancellationToken ct)
    {
        var operations = vm.Node("spec", "runStrategy") is { } strategy
            ? new JsonArray(
                new JsonObject { ["op"] = "test", ["path"] = "/spec/runStrategy", ["value"] = strategy.DeepClone() },
                new JsonObject { ["op"] = "replace", ["path"] = "/spec/runStrategy", ["value"] = running ? "Always" : "Halted" })
            : vm.Node("spec", "running") is { } current
                ? new JsonArray(
                    new JsonObject { ["op"] = "test", ["path"] = "/spec/running", ["value"] = current.DeepClone() },
                    new JsonObject { ["op"] = "replace", ["path"] = "/spec/running", ["value"] = running })
                : new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/spec/running", ["value"] = running });
        return Patch(vm, operations, dryRun, ct);
    }

    /// <summary>Adds state-change requests as virt-api does: refused while another start/stop is underway, except a lone stop, which replaces them.</summary>
    private Task PatchChangeRequestsAsync(JsonObject vm, JsonObject[] requests, bool dryRun, CancellationToken ct)
    {
        var existing = StateChangeRequests(vm);
        var value = new JsonArray([.. requests]);
        JsonArray operations;
        if (vm["status"] is not JsonObject { Count: > 0 })
        {
            operations = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = new JsonObject { ["stateChangeRequests"] = value } });
        }
        else if (existing.Count == 0)
        {
            operations = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status/stateChangeRequests", ["value"] = value });
        }
        else if (requests is [{ } only] && only.Str("action") == "Stop")
        {
            operations = new JsonArray(
                new JsonObject { ["op"] = "test", ["path"] = "/status/stateChangeRequests", ["value"] = vm.Node("status", "stateChangeRequests")!.DeepClone() },
                new JsonObject { ["op"] = "replace", ["path"] = "/status/stateChangeRequests", ["value"] = value });
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

    private Task Patch(JsonObject vm, JsonArray operations, bool dryRun, CancellationToken ct)
        => dryRun
            ? Task.CompletedTask
            : ApiCall.PatchAsync(() => writer.JsonPatchAsync(CustomResource.VirtualMachines, vm.Key(), operations, ct), Resource, vm.Name());

    private static JsonObject Request(string action, string? uid)
    {
        var request = new JsonObject { ["action"] = action };
        if (uid is not null)
        {
            request["uid"] = uid;
        }

        return request;
    }
}
