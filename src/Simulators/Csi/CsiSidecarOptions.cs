using Harness.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Simulators.Csi;

/// <summary>Settings shared by <see cref="Snapshotter.CsiSnapshotter"/> and <see cref="Provisioner.CsiProvisioner"/>.</summary>
public sealed class CsiSidecarOptions
{
    /// <summary>The clock of polls and back-offs, and the factory the informers and workers start on.</summary>
    public required ComponentRuntime Runtime { get; init; }

    /// <value>Defaults to <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>How often a snapshot that is not ready yet is asked about again (ListSnapshots).</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan SnapshotPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a ready snapshot is checked for a later error or loss on the backend.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan ReadySnapshotCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the snapshotter serves <c>groupsnapshot.storage.k8s.io</c> (VolumeGroupSnapshots), as external-snapshotter's
    /// CSIVolumeGroupSnapshot feature gate says; the group snapshot CRDs must then be installed.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>, as the feature gate does.</value>
    public bool VolumeGroupSnapshots { get; init; }

    /// <summary>The first back-off of a key whose reconcile failed; it doubles per failure up to 30 seconds.</summary>
    /// <value>Defaults to 50 milliseconds.</value>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);
}
