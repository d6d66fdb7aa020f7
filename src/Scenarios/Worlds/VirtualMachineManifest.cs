using System.Text.Json.Nodes;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Worlds;

/// <summary>The <c>kubevirt.io/v1</c> VirtualMachine of a <see cref="VmSpec"/>: one virtio disk per claim, the agent and guest faults as template annotations.</summary>
public static class VirtualMachineManifest
{
    public static JsonObject Create(VmSpec vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var annotations = new JsonObject { [GuestFaults.AgentAnnotation] = vm.GuestAgent ? "true" : "false" };
        foreach (var (key, value) in vm.GuestFaults.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            annotations[key] = value;
        }

        return new JsonObject
        {
            ["apiVersion"] = "kubevirt.io/v1",
            ["kind"] = "VirtualMachine",
            ["metadata"] = new JsonObject { ["name"] = vm.Name, ["namespace"] = vm.Namespace },
            ["spec"] = new JsonObject
            {
                ["runStrategy"] = vm.State == VmRunState.Stopped ? "Halted" : "Always",
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = vm.Name }, ["annotations"] = annotations },
                    ["spec"] = new JsonObject
                    {
                        ["domain"] = new JsonObject
                        {
                            ["devices"] = new JsonObject
                            {
                                ["disks"] = new JsonArray([.. vm.Disks.Select(d => (JsonNode)new JsonObject { ["name"] = d.Name, ["disk"] = new JsonObject { ["bus"] = "virtio" } })]),
                            },
                            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = "128Mi" } },
                        },
                        ["volumes"] = new JsonArray([.. vm.Disks.Select(d => (JsonNode)new JsonObject
                        {
                            ["name"] = d.Name,
                            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = d.Claim },
                        })]),
                    },
                },
            },
        };
    }
}
