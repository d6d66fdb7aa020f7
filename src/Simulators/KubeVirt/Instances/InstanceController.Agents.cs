using System.Collections.ObjectModel;
using Harness.Api.KubeVirt;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>The guest agent of a running VMI: its launch and its pings.</summary>
internal sealed partial class InstanceController
{
    private InstanceRuntime NewRuntime(VirtualMachineInstance vmi)
        => new(vmi.UidOrEmpty(), options.Runtime.Time, options.AgentCommandTimeout, SeedFor(vmi.UidOrEmpty()));

    private int SeedFor(string uid) => (int)(options.Runtime.Seed.Derive(uid).Value & int.MaxValue);

    private async Task LaunchAgentAsync(VirtualMachineInstance vmi, InstanceRuntime runtime, CancellationToken ct)
    {
        if (options.GuestAgentConnector is not { } connector || runtime.AgentLaunched)
        {
            return;
        }

        var disks = new List<GuestDiskClaim>();
        foreach (var volume in Volumes(vmi.Spec))
        {
            if (volume.ClaimName is { } claimName)
            {
                disks.Add(await DiskClaimAsync(vmi, volume.Name ?? claimName, claimName, ct));
            }
        }

        runtime.AgentLaunched = true;
        try
        {
            runtime.Endpoint = await connector.StartAsync(
                new GuestAgentLaunch(
                    vmi.Key(), vmi.UidOrEmpty(), SeedFor(vmi.UidOrEmpty()), vmi.Metadata.Annotations?.AsReadOnly() ?? ReadOnlyDictionary<string, string>.Empty, disks,
                    vmi.Status?.FsFreezeStatus == KubeVirtApi.FsFrozen), ct);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            runtime.LaunchError = $"guest agent not started: {e.Message}";
        }
    }

    /// <summary>The claim of a VMI volume with the CSI volume of its bound PersistentVolume, when it has one.</summary>
    private async Task<GuestDiskClaim> DiskClaimAsync(VirtualMachineInstance vmi, string volumeName, string claimName, CancellationToken ct)
    {
        var claim = cache.Claim(vmi.NamespaceOrEmpty(), claimName);
        if (claim?.Spec?.VolumeName is not { Length: > 0 } pvName)
        {
            return new GuestDiskClaim(volumeName, claimName, null, null);
        }

        var pv = await writer.Client.CoreV1.ReadPersistentVolumeAsync(pvName, cancellationToken: ct);
        return new GuestDiskClaim(volumeName, claimName, pv.Spec?.Csi?.VolumeHandle, pv.Spec?.Csi?.Driver);
    }

    private static async Task PingAsync(InstanceRuntime runtime, CancellationToken ct)
    {
        try
        {
            var client = await runtime.ClientAsync(ct);
            await client.PingAsync(ct);
            runtime.AgentConnected = true;
            runtime.FreezeStatus = await client.GetFsFreezeStatusAsync(ct);
        }
        catch (GuestAgentUnavailableException)
        {
            await runtime.DropConnectionAsync();
            runtime.AgentConnected = false;
        }
        catch (GuestAgentCommandException)
        {
            runtime.AgentConnected = true;
        }
    }
}
