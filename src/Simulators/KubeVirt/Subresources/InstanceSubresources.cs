using Harness.Api.KubeVirt;
using Harness.Durations;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Configuration;
using Harness.Simulators.KubeVirt.Instances;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.VirtualMachines;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>
/// virt-api's VMI subresources: <c>freeze</c> (body <c>{"unfreezeTimeout": "5m0s"}</c>), <c>unfreeze</c>,
/// <c>pause</c>, <c>unpause</c> (200 on success) and the ephemeral <c>addvolume</c>/<c>removevolume</c> (202).
/// </summary>
internal sealed class InstanceSubresources
{
    private const string Resource = "virtualmachineinstance";
    private readonly ObjectWriter writer;
    private readonly GuestOperations guest;
    private readonly FeatureGates featureGates;

    public InstanceSubresources(ObjectWriter writer, GuestOperations guest, FeatureGates featureGates)
    {
        this.writer = writer;
        this.guest = guest;
        this.featureGates = featureGates;
    }

    public Task<int> HandleAsync(string action, ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct) => action switch
    {
        "freeze" => FreezeAsync(key, body, ct),
        "unfreeze" => UnfreezeAsync(key, ct),
        "pause" => PauseAsync(key, body, ct),
        "unpause" => UnpauseAsync(key, body, ct),
        "addvolume" => AddVolumeAsync(key, body, ct),
        _ => RemoveVolumeAsync(key, body, ct),
    };

    private async Task<int> FreezeAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var vmi = await GetRunningAsync(key, "VM is not running", ct);
        var options = RequestBody.Decode(body);
        var text = RequestBody.OptionalString(options, "unfreezeTimeout")
            ?? throw StatusError.BadRequest("Unfreeze timeout in freeze request is not set");
        if (!GoDuration.TryParse(text, out var timeout))
        {
            throw StatusError.BadRequest($"Can not unmarshal Request body to struct, error: {GoDuration.Error(text)}");
        }

        if (timeout < TimeSpan.Zero)
        {
            throw StatusError.BadRequest($"unfreezeTimeout must not be negative, got {text}");
        }

        if (await guest.FreezeAsync(vmi, timeout, ct) is { } error)
        {
            throw StatusError.BadRequest(error);
        }

        return 200;
    }

    private async Task<int> UnfreezeAsync(ObjectKey key, CancellationToken ct)
    {
        VirtualMachineInstance vmi;
        try
        {
            vmi = await GetRunningAsync(key, "VMI is not running", ct);
        }
        catch (StatusError e)
        {
            guest.UnfreezeRefused(key, e.Message);
            throw;
        }

        if (await guest.UnfreezeAsync(vmi, ct) is { } error)
        {
            throw StatusError.BadRequest(error);
        }

        return 200;
    }

    private async Task<int> PauseAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var options = RequestBody.Decode(body);
        var dryRun = RequestBody.IsDryRun(options);
        var vmi = await GetRunningAsync(key, "VM is not running", ct);
        if (ConditionOf(vmi.Status?.Conditions, KubeVirtApi.ConditionTypes.Paused) is not null)
        {
            throw StatusError.Conflict(Resource, key.Name, "VMI is already paused");
        }

        if (!dryRun && guest.SetPaused(vmi, paused: true) is { } error)
        {
            throw StatusError.Internal(error);
        }

        return 200;
    }

    private async Task<int> UnpauseAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var vm = await ApiCall.TryGetAsync<VirtualMachine>(writer, CustomResource.VirtualMachines, key, ct);
        if (vm?.Status?.SnapshotInProgress is not null)
        {
            throw StatusError.Conflict("virtualmachine", key.Name, "VM snapshot is in progress");
        }

        var options = RequestBody.Decode(body);
        var dryRun = RequestBody.IsDryRun(options);
        var vmi = await GetRunningAsync(key, "VMI is not running", ct);
        if (ConditionOf(vmi.Status?.Conditions, KubeVirtApi.ConditionTypes.Paused) is null)
        {
            throw StatusError.Conflict(Resource, key.Name, "VMI is not paused");
        }

        if (!dryRun && guest.SetPaused(vmi, paused: false) is { } error)
        {
            throw StatusError.Internal(error);
        }

        return 200;
    }

    private async Task<int> AddVolumeAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = await HotplugRequest.ParseAddAsync(featureGates, body, ct);
        var vmi = await GetRunningAsync(key, "VMI is not running", ct);
        request.VerifyAdd(vmi.Spec, Resource, key.Name);
        var (volumes, disks) = request.Add(vmi.Spec);
        await PatchAsync(vmi, volumes, disks, request.DryRun, ct);
        return 202;
    }

    private async Task<int> RemoveVolumeAsync(ObjectKey key, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var request = await HotplugRequest.ParseRemoveAsync(featureGates, body, ct);
        var vmi = await GetRunningAsync(key, "VMI is not running", ct);
        request.VerifyRemove(vmi.Spec, Resource, key.Name);
        var (volumes, disks) = request.Remove(vmi.Spec);
        await PatchAsync(vmi, volumes, disks, request.DryRun, ct);
        return 202;
    }

    private Task PatchAsync(VirtualMachineInstance vmi, List<Volume> volumes, List<Disk> disks, bool dryRun, CancellationToken ct)
        => dryRun
            ? Task.CompletedTask
            : ApiCall.PatchAsync(
                () => writer.JsonPatchAsync(CustomResource.VirtualMachineInstances, vmi.Key(), VolumePatch.Replace(VolumePatch.InstanceSpecPath, vmi.Spec, volumes, disks), ct),
                Resource,
                vmi.Name());

    private async Task<VirtualMachineInstance> GetRunningAsync(ObjectKey key, string notRunning, CancellationToken ct)
    {
        var vmi = await ApiCall.GetAsync<VirtualMachineInstance>(writer, CustomResource.VirtualMachineInstances, Resource, key, ct);
        return IsRunning(vmi) ? vmi : throw StatusError.Conflict(Resource, key.Name, notRunning);
    }
}
