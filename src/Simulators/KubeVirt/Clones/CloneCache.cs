using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;

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
        Clones = Inform(host, client, CustomResource.VirtualMachineClones, clone => cloneChanged(clone.Key()));
        Snapshots = Inform(host, client, CustomResource.VirtualMachineSnapshots, owned => NotifyOwner(owned, cloneChanged));
        Restores = Inform(host, client, CustomResource.VirtualMachineRestores, owned => NotifyOwner(owned, cloneChanged));
        Contents = Inform(host, client, CustomResource.VirtualMachineSnapshotContents, content =>
        {
            if (Snapshots.Get(new ObjectKey(content.Namespace(), content.Str("spec", "virtualMachineSnapshotName") ?? "")) is { } snapshot)
            {
                NotifyOwner(snapshot, cloneChanged);
            }
        });
    }

    /// <summary>The resources this cache watches: the clone controller runs only where all are served.</summary>
    public static IReadOnlyList<CustomResource> Resources { get; } =
        [CustomResource.VirtualMachineClones, CustomResource.VirtualMachineSnapshots, CustomResource.VirtualMachineRestores, CustomResource.VirtualMachineSnapshotContents];

    public Informer<JsonObject> Clones { get; }

    public Informer<JsonObject> Snapshots { get; }

    public Informer<JsonObject> Restores { get; }

    public Informer<JsonObject> Contents { get; }

    private static Informer<JsonObject> Inform(ReconcilerHost host, IKubernetes client, CustomResource resource, Action<JsonObject> changed)
    {
        var informer = host.Inform(InformerSources.CustomObjects(client, resource.Group, resource.Version, resource.Plural));
        informer.OnChange(changed);
        return informer;
    }

    private static void NotifyOwner(JsonObject owned, Action<ObjectKey> cloneChanged)
    {
        foreach (var owner in owned.Objects("metadata", "ownerReferences"))
        {
            if (owner.Str("kind") == CustomResource.VirtualMachineClones.Kind && owner.Str("apiVersion") == CustomResource.VirtualMachineClones.ApiVersion)
            {
                cloneChanged(new ObjectKey(owned.Namespace(), owner.Str("name") ?? ""));
            }
        }
    }
}
