using System.Security.Cryptography;
using System.Text;
using Harness.Api.Quantities;
using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.Objects;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.KubeVirtConditions;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>The VMI status the controller writes: phase, conditions, volume status (memory dumps included).</summary>
internal sealed partial class InstanceController
{
    private VirtualMachineInstanceStatus RunningStatus(VirtualMachineInstance vmi, InstanceRuntime runtime)
    {
        var conditions = new List<StatusCondition> { New(KubeVirtApi.ConditionTypes.Ready, "True") };
        if (runtime.AgentConnected)
        {
            conditions.Add(New(KubeVirtApi.ConditionTypes.AgentConnected, "True"));
        }

        if (runtime.Paused)
        {
            conditions.Add(New(KubeVirtApi.ConditionTypes.Paused, "True", "PausedByUser", "VMI was paused by user"));
        }

        return new VirtualMachineInstanceStatus
        {
            Phase = KubeVirtApi.InstancePhases.Running,
            NodeName = options.NodeName,
            Conditions = conditions,
            FsFreezeStatus = runtime.FreezeStatus == FsFreezeStatus.Frozen ? KubeVirtApi.FsFrozen : null,
            VolumeStatus = VolumeStatus(vmi, runtime),
        };
    }

    private List<VolumeStatus> VolumeStatus(VirtualMachineInstance vmi, InstanceRuntime runtime)
    {
        var result = new List<VolumeStatus>();
        var disk = 0;
        var hotplugged = 0;
        foreach (var volume in Volumes(vmi.Spec))
        {
            if (volume.MemoryDump is { } dump)
            {
                result.Add(MemoryDumpStatus(vmi, volume.Name ?? "", dump.ClaimName ?? "", runtime));
                continue;
            }

            var name = volume.Name ?? "";
            var hotplug = IsHotpluggedDisk(volume);
            var entry = new VolumeStatus
            {
                Name = name,
                Target = hotplug ? $"sd{(char)('a' + hotplugged++)}" : $"vd{(char)('a' + disk++)}",
            };
            var claim = volume.ClaimName is { } claimName ? cache.Claim(vmi.NamespaceOrEmpty(), claimName) : null;
            if (claim is not null)
            {
                entry.PersistentVolumeClaimInfo = ClaimInfo(claim);
            }

            if (hotplug)
            {
                var bound = claim?.Status?.Phase == "Bound";
                entry.Phase = bound ? "Ready" : "Pending";
                entry.Reason = bound ? "VolumeReady" : "PVCNotReady";
                entry.Message = bound
                    ? $"Successfully attach hotplugged volume {name} to VM"
                    : $"PVC is in phase {claim?.Status?.Phase ?? "Missing"}";
                entry.HotplugVolume = HotplugAttachment(vmi, name);
            }

            result.Add(entry);
        }

        if (NeedsBackendStorage(vmi) && BackendClaim(vmi) is { } backend)
        {
            result.Add(new VolumeStatus { Name = backend.Name(), PersistentVolumeClaimInfo = ClaimInfo(backend) });
        }

        return result;
    }

    /// <summary>The attachment pod of a hot-plugged volume, named after the VMI and the volume.</summary>
    private static HotplugVolumeStatus HotplugAttachment(VirtualMachineInstance vmi, string volumeName)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{vmi.UidOrEmpty()}/{volumeName}")));
        return new HotplugVolumeStatus
        {
            AttachPodName = $"hp-volume-{id[..5]}",
            AttachPodUid = $"{id[..8]}-{id[8..12]}-{id[12..16]}-{id[16..20]}-{id[20..32]}",
        };
    }

    private static PersistentVolumeClaimInfo ClaimInfo(V1PersistentVolumeClaim claim) => new()
    {
        ClaimName = claim.Name(),
        AccessModes = claim.Spec?.AccessModes is { } modes ? [.. modes] : null,
        VolumeMode = claim.Spec?.VolumeMode,
        Capacity = Storage(claim.Status?.Capacity),
        Requests = Storage(claim.Spec?.Resources?.Requests),
    };

    private static Dictionary<string, Quantity>? Storage(IDictionary<string, ResourceQuantity>? quantities)
        => quantities?.TryGetValue("storage", out var storage) == true ? new Dictionary<string, Quantity> { ["storage"] = Quantity.Of(storage) } : null;

    private static VirtualMachineInstanceStatus Final(string phase) => new()
    {
        Phase = phase,
        Conditions = [New(KubeVirtApi.ConditionTypes.Ready, "False", "PodTerminating", "The virt-launcher pod is terminating")],
    };
}
