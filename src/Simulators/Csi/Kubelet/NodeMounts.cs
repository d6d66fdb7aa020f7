namespace Harness.Simulators.Csi.Kubelet;

/// <summary>
/// The node's mounted volumes, as kubelet's actual state of the world knows them: whoever publishes a volume for a pod
/// records it here, and <see cref="NodeVolumeExpander"/> grows the filesystems of recorded volumes.
/// </summary>
public sealed class NodeMounts
{
    private readonly Lock gate = new();
    private readonly List<NodeMount> mounts = [];

    /// <summary>Raised after a volume is recorded as mounted.</summary>
    public event Action<NodeMount>? Mounted;

    public void Add(NodeMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        lock (gate)
        {
            mounts.Add(mount);
        }

        Mounted?.Invoke(mount);
    }

    public void Remove(NodeMount mount)
    {
        lock (gate)
        {
            mounts.Remove(mount);
        }
    }

    /// <summary>Where the driver's volume is mounted on the node, if it is.</summary>
    public NodeMount? Find(string driver, string volumeHandle)
    {
        lock (gate)
        {
            return mounts.FirstOrDefault(m => m.Driver == driver && m.VolumeHandle == volumeHandle);
        }
    }
}
