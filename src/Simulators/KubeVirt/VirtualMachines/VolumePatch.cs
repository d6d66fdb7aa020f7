using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>
/// The JSON patch that swaps the volume and disk lists of a VMI spec (at <see cref="InstanceSpecPath"/>) or of a VM
/// template (at <see cref="TemplateSpecPath"/>), guarded by <c>test</c> operations on the current lists as virt-api does.
/// </summary>
internal static class VolumePatch
{
    public const string InstanceSpecPath = "/spec";
    public const string TemplateSpecPath = "/spec/template/spec";

    public static JsonArray Replace(string specPath, VirtualMachineInstanceSpec? spec, IList<Volume> volumes, IList<Disk> disks)
    {
        var volumesPath = specPath + "/volumes";
        var devicesPath = specPath + "/domain/devices";
        var disksPath = devicesPath + "/disks";
        var currentVolumes = spec?.Volumes;
        var currentDisks = spec?.Domain?.Devices?.Disks;
        var operations = new JsonArray();
        if (currentVolumes is not null)
        {
            operations.Add(JsonPatch.Test(volumesPath, JsonPatch.Json(currentVolumes)));
        }

        if (currentDisks is not null)
        {
            operations.Add(JsonPatch.Test(disksPath, JsonPatch.Json(currentDisks)));
        }

        operations.Add(JsonPatch.Set(volumesPath, currentVolumes is not null, JsonPatch.Json(volumes)));
        if (spec?.Domain?.Devices is null)
        {
            operations.Add(JsonPatch.Add(devicesPath, new JsonObject()));
        }

        operations.Add(JsonPatch.Set(disksPath, currentDisks is not null, JsonPatch.Json(disks)));
        return operations;
    }
}
