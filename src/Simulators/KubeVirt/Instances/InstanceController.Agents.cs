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

/// <summary>The guest agent of a running VMI: its launch and its pings.</summary>
internal sealed partial class InstanceController
{
    private InstanceRuntime NewRuntime(JsonObject vmi)
        => new(vmi.Uid(), options.Runtime.Time, options.AgentCommandTimeout, SeedFor(vmi.Uid()));

    private int SeedFor(string uid) => (int)(options.Runtime.Seed.Derive(uid).Value & int.MaxValue);

    private async Task LaunchAgentAsync(JsonObject vmi, InstanceRuntime runtime, CancellationToken ct)
    {
        if (options.GuestAgentConnector is not { } connector || runtime.Endpoint is not null)
        {
            return;
        }

        GuestFaults faults;
        try
        {
            var annotations = Annotations(vmi, "metadata");
            if (!GuestFaults.IsAgentEnabled(annotations))
            {
                return;
            }

            faults = GuestFaults.FromAnnotations(annotations);
        }
        catch (FormatException e)
        {
            runtime.LaunchError = $"guest agent not started: {e.Message}";
            return;
        }

        var disks = new List<GuestDiskClaim>();
        foreach (var volume in vmi.Objects("spec", "volumes"))
        {
            if (ClaimName(volume) is not { } claimName)
            {
                continue;
            }

            var claim = cache.Claim(vmi.Namespace(), claimName);
            string? handle = null;
            string? driver = null;
            if (claim?.Spec?.VolumeName is { Length: > 0 } pvName)
            {
                var pv = await writer.Client.CoreV1.ReadPersistentVolumeAsync(pvName, cancellationToken: ct);
                handle = pv.Spec?.Csi?.VolumeHandle;
                driver = pv.Spec?.Csi?.Driver;
            }

            disks.Add(new GuestDiskClaim(volume.Str("name") ?? claimName, claimName, handle, driver));
        }

        try
        {
            runtime.Endpoint = await connector.StartAsync(
                new GuestAgentLaunch(vmi.Key(), vmi.Uid(), SeedFor(vmi.Uid()), faults, disks, vmi.Str("status", "fsFreezeStatus") == "frozen"), ct);
        }
        catch (IOException e)
        {
            runtime.LaunchError = $"guest agent not started: {e.Message}";
        }
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
