using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.KubeVirt.MemoryDumps;
using Harness.Simulators.KubeVirt.Objects;
using k8s.Models;

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
    private async Task DumpMemoryAsync(JsonObject vmi, InstanceRuntime runtime, CancellationToken ct)
    {
        var volumes = vmi.Objects("spec", "volumes").Where(v => v["memoryDump"] is JsonObject).ToList();
        foreach (var gone in runtime.MemoryDumps.Keys.Where(name => volumes.All(v => v.Str("name") != name)).ToList())
        {
            runtime.MemoryDumps.Remove(gone);
        }

        foreach (var volume in volumes)
        {
            var name = volume.Str("name") ?? "";
            var claimName = volume.Str("memoryDump", "claimName") ?? "";
            await ClaimReadyAsync(vmi, new JsonObject { ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claimName } }, ct);
            if (runtime.MemoryDumps.ContainsKey(name) || cache.Claim(vmi.Namespace(), claimName)?.Status?.Phase != "Bound")
            {
                continue;
            }

            var start = options.Runtime.Time.GetUtcNow();
            var fileName = $"{vmi.Name()}-{name}-{start.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.memory.dump";
            var failure = await WriteDumpAsync(vmi, name, claimName, fileName, start, ct);
            runtime.MemoryDumps[name] = new TakenMemoryDump(fileName, JsonAccess.Timestamp(start), JsonAccess.Timestamp(options.Runtime.Time.GetUtcNow()), failure);
        }
    }

    /// <summary>Writes the dump file into the claim's volume; the reason it could not, or null.</summary>
    private async Task<string?> WriteDumpAsync(JsonObject vmi, string volumeName, string claimName, string fileName, DateTimeOffset start, CancellationToken ct)
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

        var memory = vmi.Str("spec", "domain", "resources", "requests", "memory") ?? vmi.Str("spec", "domain", "memory", "guest") ?? "";
        var guest = $"vmi={vmi.Namespace()}/{vmi.Name()}\nuid={vmi.Uid()}\nmemory={memory}\nfile={fileName}\n";
        try
        {
            await volumes.WriteAsync(new ClaimVolume($"{vmi.Namespace()}/{claimName}", driver, handle), MemoryDumpArchive.Create(fileName, guest, start), ct);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    private JsonObject MemoryDumpStatus(JsonObject vmi, JsonObject volume, InstanceRuntime runtime)
    {
        var name = volume.Str("name") ?? "";
        var claimName = volume.Str("memoryDump", "claimName") ?? "";
        var claim = cache.Claim(vmi.Namespace(), claimName);
        var dump = new JsonObject { ["claimName"] = claimName };
        var entry = new JsonObject { ["name"] = name, ["target"] = "" };
        if (claim is not null)
        {
            entry["persistentVolumeClaimInfo"] = ClaimInfo(claim);
        }

        if (!runtime.MemoryDumps.TryGetValue(name, out var taken))
        {
            entry["phase"] = "Pending";
            entry["reason"] = "PVCNotReady";
            entry["message"] = $"PVC is in phase {claim?.Status?.Phase ?? "Missing"}";
        }
        else
        {
            dump["targetFileName"] = taken.FileName;
            dump["startTimestamp"] = taken.Start;
            dump["endTimestamp"] = taken.End;
            entry["phase"] = taken.Failure is null ? KubeVirtApi.MemoryDumpVolumePhases.Completed : KubeVirtApi.MemoryDumpVolumePhases.Failed;
            entry["reason"] = taken.Failure is null ? "VolumeReady" : "MemoryDumpFailed";
            entry["message"] = taken.Failure is null
                ? $"Memory dump to Volume {name} has completed successfully"
                : $"Memory dump to pvc {name} failed: {taken.Failure}";
        }

        entry["hotplugVolume"] = HotplugAttachment(vmi, name);
        entry["memoryDumpVolume"] = dump;
        return entry;
    }
}
