using Harness.Api.Clients;

namespace Harness.Controller.Snapshots.Source;

/// <summary>
/// Freezes and thaws a source's guest filesystems through virt-api, on KubeVirt's rules: only a VM this snapshot
/// has locked; never a paused guest (its snapshot is crash-consistent), never without a guest agent (offline VMs
/// have none). A guest the cache shows frozen is frozen again all the same (virt-api's freeze is idempotent): the
/// cached status may still show another snapshot's freeze that has since been thawed. The freeze asks virt-launcher
/// for an automatic thaw after the snapshot's failure deadline (<c>0</c>: none).
/// </summary>
internal sealed class GuestFreezer(SubresourcesClient client)
{
    /// <summary>Freezes the guest when it should be; throws when the VM is not locked or virt-api refuses.</summary>
    public async Task FreezeAsync(SourceState source, string snapshotName, TimeSpan unfreezeTimeout, CancellationToken ct)
    {
        if (!source.IsLockedBy(snapshotName))
        {
            throw new InvalidOperationException("attempting to freeze unlocked VM");
        }

        if (source.Paused || !source.GuestAgent || source.Instance is not { } instance)
        {
            return;
        }

        await client.FreezeAsync(instance.Metadata.NamespaceProperty, instance.Metadata.Name, unfreezeTimeout, ct);
    }

    /// <summary>Thaws the guest when this snapshot may have frozen it; true when a thaw was sent.</summary>
    public async Task<bool> UnfreezeAsync(SourceState source, string snapshotName, CancellationToken ct)
    {
        if (!source.IsLockedBy(snapshotName) || !source.GuestAgent || source.Paused || source.Instance is not { } instance)
        {
            return false;
        }

        await client.UnfreezeAsync(instance.Metadata.NamespaceProperty, instance.Metadata.Name, ct);
        return true;
    }
}
