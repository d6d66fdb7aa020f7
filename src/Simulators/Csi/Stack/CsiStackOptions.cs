namespace Harness.Simulators.Csi.Stack;

/// <summary>What a <see cref="CsiStack"/> serves.</summary>
public sealed class CsiStackOptions
{
    public const string DefaultStorageClassName = "harness-csi";
    public const string DefaultSnapshotClassName = "harness-csi-snapshots";

    /// <summary>The drivers the snapshotter and provisioner serve.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<CsiDriverEndpoint> Drivers { get; init; } = [];

    /// <summary>When set, the stack makes sure a default StorageClass (<see cref="DefaultStorageClassName"/>, Immediate, Delete)
    /// and a default VolumeSnapshotClass (<see cref="DefaultSnapshotClassName"/>, Delete) exist for this driver.</summary>
    /// <value>Defaults to <see langword="null"/>: no classes are created.</value>
    public string? DefaultClassesDriver { get; init; }

    /// <summary>When set, kubelet's node-side expansion (<see cref="Kubelet.NodeVolumeExpander"/>) runs over these mounts:
    /// whoever publishes volumes for the cluster's pods records them here.</summary>
    /// <value>Defaults to <see langword="null"/>: no node expands filesystems, so a filesystem claim stays at FileSystemResizePending.</value>
    public Kubelet.NodeMounts? NodeMounts { get; init; }

    public required CsiSidecarOptions Sidecars { get; init; }
}
