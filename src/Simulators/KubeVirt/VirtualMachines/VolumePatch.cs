using System.Text.Json.Nodes;
using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>
/// The JSON patch that swaps the volume and disk lists of a VMI spec (at <c>/spec</c>) or of a VM template
/// (at <c>/spec/template/spec</c>), guarded by <c>test</c> operations on the current lists as virt-api does.
/// </summary>
internal static class VolumePatch
{
    public static JsonArray Replace(string specPath, JsonObject current, JsonArray volumes, JsonArray disks)
    {
        var segments = specPath.Trim('/').Split('/');
        var spec = current.Obj(segments);
        var volumesPath = specPath + "/volumes";
        var disksPath = specPath + "/domain/devices/disks";
        var operations = new JsonArray();
        var currentVolumes = spec["volumes"];
        var currentDisks = spec.Node("domain", "devices", "disks");
        if (currentVolumes is not null)
        {
            operations.Add(Test(volumesPath, currentVolumes));
        }

        if (currentDisks is not null)
        {
            operations.Add(Test(disksPath, currentDisks));
        }
        operations.Add(new JsonObject { ["op"] = currentVolumes is null ? "add" : "replace", ["path"] = volumesPath, ["value"] = volumes });
        if (spec.Node("domain", "devices") is null)
        {
            operations.Add(new JsonObject { ["op"] = "add", ["path"] = specPath + "/domain/devices", ["value"] = new JsonObject() });
        }

        operations.Add(new JsonObject { ["op"] = currentDisks is null ? "add" : "replace", ["path"] = disksPath, ["value"] = disks });
        return operations;
    }

    private static JsonObject Test(string path, JsonNode value) => new()
    {
        ["op"] = "test",
        ["path"] = path,
        ["value"] = value.DeepClone(),
    };
}
