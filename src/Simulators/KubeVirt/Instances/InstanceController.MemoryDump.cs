using System.Globalization;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.MemoryDumps;
using Harness.Simulators.KubeVirt.Objects;
using k8s.Models;
using static Harness.Simulators.KubeVirt.VirtualMachines.VirtualMachineFacts;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>
/// virt-handler and virt-launcher for memory-dump volumes: once the claim of a <c>memoryDump</c> volume is Bound
/// (attached to the pod) the dump is taken into it — the archive of <see cref="MemoryDumpArchive"/> written through
/// <see cref="KubeVirtSimulatorOptions.VolumeWriter"/> — and the volume's status reports it with its
/// <c>memoryDumpVolume</c> file and times, MemoryDumpCompleted or MemoryDumpFailed. A volume that leaves the VMI
/// forgets its dump, so the next request dumps again.
/// </summary>
internal sealed partial class InstanceController
{
    private async Task DumpMemoryAsync(VirtualMachineInstance vmi, InstanceRuntime runtime, CancellationToken ct)
    {
        var volumes = Volumes(vmi.Spec).Where(v => v.MemoryDump is not null).ToList();
        foreach (var gone in runtime.MemoryDumps.Keys.Where(name => volumes.All(v => v.Name != name)).ToList())
        {
            runtime.MemoryDumps.Remove(gone);
        }

        foreach (var volume in volumes)
        {
            var name = volume.Name ?? "";
            var claimName = volume.MemoryDump!.ClaimName ?? "";
            await ClaimReadyAsync(vmi, claimName, dataVolumeName: null, ct);
            if (runtime.MemoryDumps.ContainsKey(name) || cache.Claim(vmi.NamespaceOrEmpty(), claimName)?.Status?.Phase != "Bound")
            {
                continue;
            }

            var start = options.Runtime.Time.GetUtcNow();
            var fileName = $"{vmi.Name()}-{name}-{start.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.memory.dump";
            var failure = await WriteDumpAsync(vmi, name, claimName, fileName, start, ct);
            runtime.MemoryDumps[name] = new TakenMemoryDump(fileName, ConditionTime.Of(start), ConditionTime.Of(options.Runtime.Time.GetUtcNow()), failure);
        }
    }

    /// <summary>Writes the dump file into the claim's volume; the reason it could not, or null.</summary>
    private async Task<string?> WriteDumpAsync(VirtualMachineInstance vmi, string volumeName, string claimName, string fileName, DateTimeOffset start, CancellationToken ct)
    {
        if (options.VolumeWriter is not { } volumes)
        {
            return "the simulator has no access to the claim's volume";
        }

        var disk = await DiskClaimAsync(vmi, volumeName, claimName, ct);
        if (disk is not { VolumeHandle: { } handle, Driver: { } driver })
        {
            return $"claim {claimName} is not bound to a CSI volume";
        }

        var guest = $"vmi={vmi.NamespaceOrEmpty()}/{vmi.Name()}\nuid={vmi.UidOrEmpty()}\nmemory={GuestMemory(vmi.Spec)?.Text ?? ""}\nfile={fileName}\n";
        try
        {
            await volumes.WriteAsync(new ClaimVolume($"{vmi.NamespaceOrEmpty()}/{claimName}", driver, handle), MemoryDumpArchive.Create(fileName, guest, start), ct);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    private VolumeStatus MemoryDumpStatus(VirtualMachineInstance vmi, string name, string claimName, InstanceRuntime runtime)
    {
        var claim = cache.Claim(vmi.NamespaceOrEmpty(), claimName);
        var dump = new MemoryDumpVolumeStatus { ClaimName = claimName };
        var entry = new VolumeStatus { Name = name, Target = "" };
        if (claim is not null)
        {
            entry.PersistentVolumeClaimInfo = ClaimInfo(claim);
        }

        if (!runtime.MemoryDumps.TryGetValue(name, out var taken))
        {
            entry.Phase = "Pending";
            entry.Reason = "PVCNotReady";
            entry.Message = $"PVC is in phase {claim?.Status?.Phase ?? "Missing"}";
        }
        else
        {
            dump.TargetFileName = taken.FileName;
            dump.StartTimestamp = taken.Start;
            dump.EndTimestamp = taken.End;
            entry.Phase = taken.Failure is null ? KubeVirtApi.MemoryDumpVolumePhases.Completed : KubeVirtApi.MemoryDumpVolumePhases.Failed;
            entry.Reason = taken.Failure is null ? "VolumeReady" : "MemoryDumpFailed";
            entry.Message = taken.Failure is null
                ? $"Memory dump to Volume {name} has completed successfully"
                : $"Memory dump to pvc {name} failed: {taken.Failure}";
        }

        entry.HotplugVolume = HotplugAttachment(vmi, name);
        entry.MemoryDumpVolume = dump;
        return entry;
    }
}
