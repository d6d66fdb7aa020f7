using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Api.Clients;
using Harness.Controller.Snapshots.Caches;
using Harness.Controller.Snapshots.Source;
using Harness.Controller.Snapshots.Volumes;
using Harness.Reconciling;
using k8s;

namespace Harness.Controller.Snapshots;

/// <summary>What every reconciler of the snapshot controller shares: the shared services, the options, the snapshot, content and VolumeSnapshot writers, the lock, the freezer, the class chooser.</summary>
internal sealed class SnapshotControllerContext : ControllerServices<SnapshotCaches>
{
    public SnapshotControllerContext(IKubernetes client, SnapshotCaches caches, SnapshotControllerOptions options)
        : base(client, caches, options.TimeProvider, options.Logger)
    {
        Options = options;
        Snapshots = new(client);
        Contents = new(client);
        VolumeSnapshots = new(client);
        Lock = new SourceLock(VirtualMachines, options.Defects);
        Freezer = new GuestFreezer(new SubresourcesClient(client));
        SnapshotClasses = new SnapshotClassChooser(caches);
    }

    public SnapshotControllerOptions Options { get; }

    public CustomResourceClient<VirtualMachineSnapshot> Snapshots { get; }

    public CustomResourceClient<VirtualMachineSnapshotContent> Contents { get; }

    public CustomResourceClient<VolumeSnapshot> VolumeSnapshots { get; }

    public SourceLock Lock { get; }

    public GuestFreezer Freezer { get; }

    public SnapshotClassChooser SnapshotClasses { get; }

    /// <summary>The source of <paramref name="snapshot"/> as the caches show it, or null when the VM does not exist.</summary>
    /// <exception cref="InvalidOperationException">The source is not a KubeVirt VirtualMachine.</exception>
    public SourceState? SourceOf(VirtualMachineSnapshot snapshot)
    {
        if (snapshot.Spec.Source.Kind != KubeVirtApi.VirtualMachineKind)
        {
            throw new InvalidOperationException("unknown source");
        }

        var key = ObjectKey.Of(snapshot.Metadata.NamespaceProperty, snapshot.Spec.Source.Name);
        return Caches.VirtualMachines.Get(key) is { } vm ? new SourceState(vm, Caches.Instances.Get(key)) : null;
    }

    /// <summary>The name of the content of <paramref name="snapshot"/>: from its status once written, else derived from its UID.</summary>
    public static string ContentName(VirtualMachineSnapshot snapshot) =>
        snapshot.Status?.VirtualMachineSnapshotContentName ?? SnapshotApi.ContentName(snapshot.Metadata.Uid);
}
