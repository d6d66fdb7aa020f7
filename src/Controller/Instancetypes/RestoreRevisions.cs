using Harness.Api.KubeVirt;
using Harness.Controller.Restores;
using Harness.Controller.Restores.Target;
using Harness.Controller.Restores.Volumes;
using k8s;

namespace Harness.Controller.Instancetypes;

/// <summary>
/// The instance type and preference revisions of a restored VM (KubeVirt's <c>restoreInstancetypeControllerRevisions</c>,
/// §3.6): each snapshot copy the captured VM is pinned to is copied back under its name with the snapshot's name
/// replaced by the target's. An existing VM keeps an equal revision of that name (so a VM restored in place keeps
/// its revision names); a different one is deleted and re-created, as revisions are immutable. Once the VM is
/// written it becomes the controller of its revisions.
/// </summary>
internal sealed class RestoreRevisions(IKubernetes client)
{
    /// <summary>Re-creates the revisions <paramref name="restored"/> is pinned to and pins it to them.</summary>
    /// <exception cref="RestoreException">A snapshot copy does not exist.</exception>
    public async Task RestoreAsync(RestoreTarget target, VirtualMachine restored, CancellationToken ct)
    {
        var ns = restored.Metadata.NamespaceProperty;
        foreach (var matcher in PinnedRevisions.Of(restored.Spec))
        {
            var copy = await RevisionCopy.TryReadAsync(client, ns, matcher.RevisionName!, ct)
                ?? throw new RestoreException($"Unable to find ControllerRevision {ns}/{matcher.RevisionName}");
            var name = RevisionCopy.Renamed(matcher.RevisionName!, target.Restore.Spec.VirtualMachineSnapshotName, restored.Metadata.Name);
            var revision = RevisionCopy.Of(copy, name, null);
            if (target.Vm is { } vm && await RevisionCopy.TryReadAsync(client, ns, name, ct) is { } existing)
            {
                if (RevisionCopy.SameObject(copy, existing))
                {
                    matcher.RevisionName = name;
                    continue;
                }

                await client.AppsV1.DeleteNamespacedControllerRevisionAsync(name, ns, cancellationToken: ct);
                revision.Metadata.OwnerReferences = [RestoredClaims.OwnerReference(vm)];
            }

            await RevisionCopy.CreateAsync(client, revision, ct);
            matcher.RevisionName = name;
        }
    }

    /// <summary>Makes <paramref name="vm"/> the controller of the revisions it is pinned to.</summary>
    public async Task OwnAsync(VirtualMachine vm, CancellationToken ct)
    {
        foreach (var matcher in PinnedRevisions.Of(vm.Spec))
        {
            var revision = await RevisionCopy.TryReadAsync(client, vm.Metadata.NamespaceProperty, matcher.RevisionName!, ct)
                ?? throw new RestoreException($"Unable to find ControllerRevision {vm.Metadata.NamespaceProperty}/{matcher.RevisionName}");
            if (revision.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == vm.Metadata.Uid) == true)
            {
                continue;
            }

            revision.Metadata.OwnerReferences = [RestoredClaims.OwnerReference(vm)];
            await client.AppsV1.ReplaceNamespacedControllerRevisionAsync(revision, revision.Metadata.Name, revision.Metadata.NamespaceProperty, cancellationToken: ct);
        }
    }
}
