using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Reconciling;
using Harness.Reflectors;
using Harness.Simulators.KubeVirt.Configuration;
using Harness.Simulators.KubeVirt.Objects;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>
/// An <c>AddVolumeOptions</c> or <c>RemoveVolumeOptions</c> body, checked as virt-api checks it, and the
/// volume and disk lists of a VMI spec after applying it.
/// </summary>
internal sealed class HotplugRequest
{
    private HotplugRequest(string name, Disk? disk, HotplugVolumeSource? source, bool dryRun)
    {
        Name = name;
        Disk = disk;
        Source = source;
        DryRun = dryRun;
    }

    public string Name { get; }

    public bool DryRun { get; }

    private Disk? Disk { get; }

    private HotplugVolumeSource? Source { get; }

    private string? SourceName => Source?.DataVolume?.Name ?? Source?.PersistentVolumeClaim?.ClaimName;

    public static async Task<HotplugRequest> ParseAddAsync(FeatureGates gates, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (!await gates.HotplugVolumesEnabledAsync(ct))
        {
            throw StatusError.BadRequest("Unable to Add Volume because HotplugVolumes feature gate is not enabled.");
        }

        var options = Decode(body);
        var name = RequestBody.OptionalString(options, "name") ?? "";
        var disk = RequestBody.OptionalObject(options, "disk");
        var source = RequestBody.OptionalObject(options, "volumeSource");
        var dryRun = RequestBody.IsDryRun(options);
        if (name.Length == 0)
        {
            throw StatusError.BadRequest("AddVolumeOptions requires name to be set");
        }

        if (disk is null)
        {
            throw StatusError.BadRequest("AddVolumeOptions requires disk to not be nil");
        }

        if (source is null)
        {
            throw StatusError.BadRequest("AddVolumeOptions requires VolumeSource to not be nil");
        }

        var request = new HotplugRequest(name, Typed<Disk>(disk), Typed<HotplugVolumeSource>(source), dryRun);
        if (request.SourceName is not { Length: > 0 })
        {
            throw StatusError.BadRequest("AddVolumeOptions requires a dataVolume name or a persistentVolumeClaim claimName in volumeSource");
        }

        return request;
    }

    public static async Task<HotplugRequest> ParseRemoveAsync(FeatureGates gates, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (!await gates.HotplugVolumesEnabledAsync(ct))
        {
            throw StatusError.BadRequest("Unable to Remove Volume because HotplugVolumes feature gate is not enabled.");
        }

        var options = Decode(body);
        var name = RequestBody.OptionalString(options, "name") ?? "";
        var dryRun = RequestBody.IsDryRun(options);
        return name.Length == 0
            ? throw StatusError.BadRequest("RemoveVolumeOptions requires name to be set")
            : new HotplugRequest(name, null, null, dryRun);
    }

    public void VerifyAdd(VirtualMachineInstanceSpec? spec, string resource, string objectName)
    {
        foreach (var volume in Volumes(spec))
        {
            if (volume.Name == Name)
            {
                throw StatusError.Conflict(resource, objectName, $"Unable to add volume [{Name}] because volume with that name already exists");
            }

            if (volume.ClaimName is { } claimName && claimName == SourceName)
            {
                throw StatusError.Conflict(resource, objectName, $"Unable to add volume source [{SourceName}] because it already exists");
            }
        }
    }

    public void VerifyRemove(VirtualMachineInstanceSpec? spec, string resource, string objectName)
    {
        var volume = Finds(spec)
            ?? throw StatusError.Conflict(resource, objectName, $"Unable to remove volume [{Name}] because it does not exist");
        if (!IsHotpluggedDisk(volume))
        {
            throw StatusError.Conflict(resource, objectName, $"Unable to remove volume [{volume.Name}] because it is not hotpluggable");
        }
    }

    /// <summary>The volume this removal names, by volume name or by claim/DataVolume name.</summary>
    public Volume? Finds(VirtualMachineInstanceSpec? spec)
        => Volumes(spec).FirstOrDefault(v => v.Name == Name || v.ClaimName == Name);

    public (List<Volume> Volumes, List<Disk> Disks) Add(VirtualMachineInstanceSpec? spec)
    {
        var source = ObjectCopy.Of(Source!);
        var volume = new Volume { Name = Name, UnknownFields = source.UnknownFields };
        if (source.DataVolume is { } dataVolume)
        {
            dataVolume.Hotpluggable = true;
            volume.DataVolume = dataVolume;
        }
        else if (source.PersistentVolumeClaim is { } claim)
        {
            claim.Hotpluggable = true;
            volume.PersistentVolumeClaim = claim;
        }

        var disk = ObjectCopy.Of(Disk!);
        disk.Name = Name;
        return ([.. Volumes(spec), volume], [.. Disks(spec), disk]);
    }

    public (List<Volume> Volumes, List<Disk> Disks) Remove(VirtualMachineInstanceSpec? spec)
    {
        var volumeName = Finds(spec)?.Name ?? Name;
        return ([.. Volumes(spec).Where(v => v.Name != volumeName)], [.. Disks(spec).Where(d => d.Name != volumeName)]);
    }

    /// <summary>A part of the body as the model reads it (virt-api decodes the whole body into its typed options).</summary>
    private static T Typed<T>(JsonObject part)
    {
        try
        {
            return KubernetesUtf8Json.Deserialize<T>(part)!;
        }
        catch (JsonException e)
        {
            throw StatusError.BadRequest($"Can not unmarshal Request body to struct, error: {e.Message}");
        }
    }

    private static JsonObject Decode(ReadOnlyMemory<byte> body)
        => body.Span.Trim(" \t\r\n"u8).IsEmpty
            ? throw StatusError.BadRequest("Request with no body, a new name is expected as the request body")
            : RequestBody.Decode(body);
}
