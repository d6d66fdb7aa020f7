using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>The VMI status the controller writes: phase, conditions, volume status (memory dumps included).</summary>
internal sealed partial class InstanceController
{
    private JsonObject RunningStatus(JsonObject vmi, InstanceRuntime runtime)
    {
        var conditions = new JsonArray(Condition("Ready", "True", null, null));
        if (runtime.AgentConnected)
        {
            conditions.Add(Condition("AgentConnected", "True", null, null));
        }

        if (runtime.Paused)
        {
            conditions.Add(Condition("Paused", "True", "PausedByUser", "VMI was paused by user"));
        }

        return new JsonObject
        {
            ["phase"] = "Running",
            ["nodeName"] = options.NodeName,
            ["conditions"] = conditions,
            ["fsFreezeStatus"] = runtime.FreezeStatus == FsFreezeStatus.Frozen ? "frozen" : null,
            ["volumeStatus"] = VolumeStatus(vmi, runtime),
        };
    }

    private JsonArray VolumeStatus(JsonObject vmi, InstanceRuntime runtime)
    {
        var result = new JsonArray();
        var disk = 0;
        var hotplugged = 0;
        foreach (var volume in vmi.Objects("spec", "volumes"))
        {
            if (volume["memoryDump"] is JsonObject)
            {
                result.Add(MemoryDumpStatus(vmi, volume, runtime));
                continue;
            }

            var name = volume.Str("name") ?? "";
            var hotplug = IsHotpluggable(volume);
            var entry = new JsonObject
            {
                ["name"] = name,
                ["target"] = hotplug ? $"sd{(char)('a' + hotplugged++)}" : $"vd{(char)('a' + disk++)}",
            };
            var claimName = ClaimName(volume);
            var claim = claimName is null ? null : cache.Claim(vmi.Namespace(), claimName);
            if (claim is not null)
            {
                entry["persistentVolumeClaimInfo"] = ClaimInfo(claim);
            }

            if (hotplug)
            {
                var bound = claim?.Status?.Phase == "Bound";
                entry["phase"] = bound ? "Ready" : "Pending";
                entry["reason"] = bound ? "VolumeReady" : "PVCNotReady";
                entry["message"] = bound
                    ? $"Successfully attach hotplugged volume {name} to VM"
                    : $"PVC is in phase {claim?.Status?.Phase ?? "Missing"}";
                entry["hotplugVolume"] = HotplugAttachment(vmi, name);
            }

            result.Add(entry);
        }

        if (NeedsBackendStorage(vmi) && BackendClaim(vmi) is { } backend)
        {
            result.Add(new JsonObject { ["name"] = backend.Name(), ["persistentVolumeClaimInfo"] = ClaimInfo(backend) });
        }

        return result;
    }

    /// <summary>The attachment pod of a hot-plugged volume, named after the VMI and the volume.</summary>
    private static JsonObject HotplugAttachment(JsonObject vmi, string volumeName)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{vmi.Uid()}/{volumeName}")));
        return new JsonObject
        {
            ["attachPodName"] = $"hp-volume-{id[..5]}",
            ["attachPodUID"] = $"{id[..8]}-{id[8..12]}-{id[12..16]}-{id[16..20]}-{id[20..32]}",
        };
    }

    private static JsonObject ClaimInfo(V1PersistentVolumeClaim claim)
    {
        var info = new JsonObject { ["claimName"] = claim.Name() };
        if (claim.Spec?.AccessModes is { } modes)
        {
            info["accessModes"] = new JsonArray([.. modes.Select(m => JsonValue.Create(m))]);
        }

        if (claim.Spec?.VolumeMode is { } mode)
        {
            info["volumeMode"] = mode;
        }

        if (claim.Status?.Capacity?.TryGetValue("storage", out var capacity) == true)
        {
            info["capacity"] = new JsonObject { ["storage"] = capacity.ToString() };
        }

        if (claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var request) == true)
        {
            info["requests"] = new JsonObject { ["storage"] = request.ToString() };
        }

        return info;
    }

    private static JsonObject Final(JsonObject vmi, string phase) => new()
    {
        ["phase"] = phase,
        ["conditions"] = new JsonArray(Condition("Ready", "False", "PodTerminating", "The virt-launcher pod is terminating")),
        ["fsFreezeStatus"] = null,
    };

    private static JsonObject Condition(string type, string status, string? reason, string? message)
    {
        var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }
}
