using Harness.Api.Clones;
using Harness.Api.Snapshots;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Clones;

/// <summary>
/// The informers of the clone controller: VirtualMachineClones, and the VirtualMachineSnapshots, contents and
/// VirtualMachineRestores it makes and reads. A clone's change, or a change of a snapshot or restore a clone controls,
/// or of the content of such a snapshot (its informer may see it after the snapshot's), calls <c>cloneChanged</c> with
/// the clone's key.
/// </summary>
internal sealed class CloneCache
{
    public CloneCache(ReconcilerHost host, IKubernetes client, Action<ObjectKey> cloneChanged)
    {
        Clones = Inform<VirtualMachineClone>(host, client, CustomResource.VirtualMachineClones, clone => cloneChanged(ObjectKey.Of(clone)));
        Snapshots = Inform<VirtualMachineSnapshot>(host, client, CustomResource.VirtualMachineSnapshots, owned => NotifyOwner(owned, cloneChanged));
        Restores = Inform<VirtualMachineRestore>(host, client, CustomResource.VirtualMachineRestores, owned => NotifyOwner(owned, cloneChanged));
        Contents = Inform<VirtualMachineSnapshotContent>(host, client, CustomResource.VirtualMachineSnapshotContents, content =>
        {
            if (Snapshots.Get(new ObjectKey(content.Namespace(), content.Spec.VirtualMachineSnapshotName ?? "")) is { } snapshot)
            {
                NotifyOwner(snapshot, cloneChanged);
            }
        });
    }

    /// <summary>The resources this cache watches: the clone controller runs only where all are served.</summary>
    public static IReadOnlyList<CustomResource> Resources { get; } =
        [CustomResource.VirtualMachineClones, CustomResource.VirtualMachineSnapshots, CustomResource.VirtualMachineRestores, CustomResource.VirtualMachineSnapshotContents];

    public Informer<VirtualMachineClone> Clones { get; }

    public Informer<VirtualMachineSnapshot> Snapshots { get; }

    public Informer<VirtualMachineRestore> Restores { get; }

    public Informer<VirtualMachineSnapshotContent> Contents { get; }

    private static Informer<T> Inform<T>(ReconcilerHost host, IKubernetes client, CustomResource resource, Action<T> changed)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = host.Inform(resource.Source<T>(client));
        informer.OnChange(changed);
        return informer;
    }

    private static void NotifyOwner(IKubernetesObject<V1ObjectMeta> owned, Action<ObjectKey> cloneChanged)
    {
        foreach (var owner in owned.OwnerReferences() ?? [])
        {
            if (owner.Kind == CustomResource.VirtualMachineClones.Kind && owner.ApiVersion == CustomResource.VirtualMachineClones.ApiVersion)
            {
                cloneChanged(new ObjectKey(owned.Namespace(), owner.Name ?? ""));
            }
        }
    }
}
