using System.Text.Json.Nodes;
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
    private HotplugRequest(string name, JsonObject? disk, JsonObject? source, bool dryRun)
    {
        Name = name;
        Disk = disk;
        Source = source;
        DryRun = dryRun;
    }

    public string Name { get; }

    public bool DryRun { get; }

    private JsonObject? Disk { get; }

    private JsonObject? Source { get; }

    private string? SourceName => Source?.Str("dataVolume", "name") ?? Source?.Str("persistentVolumeClaim", "claimName");

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

        var request = new HotplugRequest(name, disk, source, dryRun);
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

    public void VerifyAdd(JsonObject spec, string resource, string objectName)
    {
        foreach (var volume in spec.Objects("volumes"))
        {
            if (volume.Str("name") == Name)
            {
                throw StatusError.Conflict(resource, objectName, $"Unable to add volume [{Name}] because volume with that name already exists");
            }

            if (ClaimName(volume) == SourceName && (volume["dataVolume"] is not null || volume["persistentVolumeClaim"] is not null))
            {
                throw StatusError.Conflict(resource, objectName, $"Unable to add volume source [{SourceName}] because it already exists");
            }
        }
    }

    public void VerifyRemove(JsonObject spec, string resource, string objectName)
    {
        var volume = Finds(spec)
            ?? throw StatusError.Conflict(resource, objectName, $"Unable to remove volume [{Name}] because it does not exist");
        if (!IsHotpluggable(volume))
        {
            throw StatusError.Conflict(resource, objectName, $"Unable to remove volume [{volume.Str("name")}] because it is not hotpluggable");
        }
    }

    /// <summary>The volume this removal names, by volume name or by claim/DataVolume name.</summary>
    public JsonObject? Finds(JsonObject spec)
        => spec.Objects("volumes").FirstOrDefault(v => v.Str("name") == Name || ClaimName(v) == Name);

    public (JsonArray Volumes, JsonArray Disks) Add(JsonObject spec)
    {
        var source = Source!.Clone();
        if (source["dataVolume"] is JsonObject dataVolume)
        {
            dataVolume["hotpluggable"] = true;
            source.Remove("persistentVolumeClaim");
        }
        else if (source["persistentVolumeClaim"] is JsonObject claim)
        {
            claim["hotpluggable"] = true;
        }

        var volume = new JsonObject { ["name"] = Name };
        foreach (var (field, value) in source)
        {
            volume[field] = value?.DeepClone();
        }

        var disk = Disk!.Clone();
        disk["name"] = Name;
        return (
            new JsonArray([.. spec.Objects("volumes").Select(v => v.DeepClone()), volume]),
            new JsonArray([.. spec.Objects("domain", "devices", "disks").Select(d => d.DeepClone()), disk]));
    }

    public (JsonArray Volumes, JsonArray Disks) Remove(JsonObject spec)
    {
        var volumeName = Finds(spec)?.Str("name") ?? Name;
        return (
            new JsonArray([.. spec.Objects("volumes").Where(v => v.Str("name") != volumeName).Select(v => v.DeepClone())]),
            new JsonArray([.. spec.Objects("domain", "devices", "disks").Where(d => d.Str("name") != volumeName).Select(d => d.DeepClone())]));
    }

    private static JsonObject Decode(ReadOnlyMemory<byte> body)
        => body.Span.Trim(" \t\r\n"u8).IsEmpty
            ? throw StatusError.BadRequest("Request with no body, a new name is expected as the request body")
            : RequestBody.Decode(body);
}
