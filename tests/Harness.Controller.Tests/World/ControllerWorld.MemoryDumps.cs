using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.MemoryDumps;

namespace Harness.Controller.Tests.World;

/// <summary>The memory-dump facet: a dump of a running VM into a filesystem claim, and reading the dump file back from a volume.</summary>
internal sealed partial class ControllerWorld
{
    /// <summary>
    /// Creates the filesystem claim <paramref name="claim"/>, dumps the memory of the running VM <paramref name="vm"/>
    /// into it (<c>virtctl memory-dump get --claim-name</c>) and waits until the request is Completed.
    /// </summary>
    public async Task<VirtualMachine> DumpMemoryAsync(string vm, string claim)
    {
        await CreateClaimAsync(claim, "256Mi", volumeMode: "Filesystem");
        await BoundVolumeAsync(claim);
        Assert.Equal(202, await SubresourceAsync(KubeVirtApi.VirtualMachinePlural, vm, "memorydump", new JsonObject { ["claimName"] = claim }.ToJsonString()));
        return await WaitForAsync($"{vm}'s memory dump into {claim} Completed", async () =>
            await VmAsync(vm) is { Status.MemoryDumpRequest.Phase: KubeVirtApi.MemoryDumpPhases.Completed } read ? read : null);
    }

    /// <summary>The dump file at the start of the CSI volume <paramref name="volumeHandle"/>: its name and the guest its core names.</summary>
    public async Task<(string FileName, string? Guest)> MemoryDumpInAsync(string volumeHandle)
    {
        var device = backend.Storage().Open(volumeHandle);
        var head = new byte[(int)Math.Min(device.Size, 64 * 1024)];
        await device.ReadAsync(0, head);
        var file = MemoryDumpArchive.Read(head) ?? throw new Xunit.Sdk.XunitException($"volume {volumeHandle} holds no dump file");
        return (file.FileName, MemoryDumpArchive.GuestOf(file.Content));
    }
}
