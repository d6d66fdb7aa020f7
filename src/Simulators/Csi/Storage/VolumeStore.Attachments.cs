using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Storage;

public sealed partial class VolumeStore
{
    /// <summary>The publish context ControllerPublishVolume hands to the node calls: the node the volume is attached to.</summary>
    internal const string AttachedNodeContextKey = "csi.harness.kubevirt.io/attached-node";

    /// <summary>ControllerPublishVolume: attaches the volume to the node (this driver's node is the only one it knows).</summary>
    /// <returns>The publish context.</returns>
    internal Dictionary<string, string> Attach(string volumeId, string nodeId, bool readOnly)
    {
        lock (gate)
        {
            var volume = volumes.TryGetValue(volumeId, out var found) ? found : throw CsiErrors.NotFound($"volume {volumeId} does not exist");
            if (nodeId != options.NodeId)
            {
                throw CsiErrors.NotFound($"node {nodeId} does not exist (this driver serves node {options.NodeId})");
            }

            if (volume.Attachments.TryGetValue(nodeId, out var attachedReadOnly))
            {
                if (attachedReadOnly != readOnly)
                {
                    throw CsiErrors.AlreadyExists($"volume {volumeId} is already attached to node {nodeId} with readonly={attachedReadOnly}");
                }
            }
            else
            {
                if (options.MaxVolumesPerNode > 0 && volumes.Values.Count(v => v.Attachments.ContainsKey(nodeId)) >= options.MaxVolumesPerNode)
                {
                    throw CsiErrors.ResourceExhausted($"node {nodeId} has {options.MaxVolumesPerNode} volumes attached, its max_volumes_per_node");
                }

                volume.Attachments[nodeId] = readOnly;
                Persist();
            }

            return new Dictionary<string, string>(StringComparer.Ordinal) { [AttachedNodeContextKey] = nodeId };
        }
    }

    /// <summary>ControllerUnpublishVolume: detaches from the node, or from every node when none is named; an unknown volume or node is detached already.</summary>
    /// <returns>Whether anything was detached.</returns>
    internal bool Detach(string volumeId, string nodeId)
    {
        lock (gate)
        {
            if (!volumes.TryGetValue(volumeId, out var volume))
            {
                return false;
            }

            if (nodeId.Length > 0 ? volume.Attachments.Remove(nodeId) : ClearAttachments(volume))
            {
                Persist();
                return true;
            }

            return false;
        }
    }

    /// <summary>NodeStageVolume: the volume is ready on the node at the staging path; staging it again there with the same access type is a no-op.</summary>
    internal void Stage(string volumeId, Staging staging)
    {
        lock (gate)
        {
            var volume = RequireNodeVolume(volumeId);
            if (volume.Staging is { } existing)
            {
                if (existing == staging)
                {
                    return;
                }

                throw existing.StagingPath == staging.StagingPath
                    ? CsiErrors.AlreadyExists($"volume {volumeId} is already staged at {existing.StagingPath} with another access type")
                    : CsiErrors.FailedPrecondition($"volume {volumeId} is already staged at {existing.StagingPath}");
            }

            volume.Staging = staging;
            Persist();
        }
    }

    /// <summary>NodeUnstageVolume: refused while the volume is still published on the node.</summary>
    /// <returns>Whether the volume was staged at that path.</returns>
    internal bool Unstage(string volumeId, string stagingPath)
    {
        lock (gate)
        {
            var volume = RequireNodeVolume(volumeId);
            if (volume.Staging?.StagingPath != stagingPath)
            {
                return false;
            }

            if (volume.Publication is { } publication)
            {
                throw CsiErrors.FailedPrecondition($"volume {volumeId} is still published at {publication.TargetPath}; NodeUnpublishVolume first");
            }

            volume.Staging = null;
            Persist();
            return true;
        }
    }

    private static bool ClearAttachments(StoredVolume volume)
    {
        var any = volume.Attachments.Count > 0;
        volume.Attachments.Clear();
        return any;
    }

    /// <summary>What keeps a volume from being deleted, if anything.</summary>
    private static string? InUse(StoredVolume volume) => volume switch
    {
        { Publication: { } publication } => $"published at {publication.TargetPath}",
        { Staging: { } staging } => $"staged at {staging.StagingPath}",
        { Attachments.Count: > 0 } => $"attached to node {volume.Attachments.Keys.First()}",
        _ => null,
    };

    private StoredVolume RequireNodeVolume(string volumeId) =>
        volumes.TryGetValue(volumeId, out var volume) ? volume : throw CsiErrors.NotFound($"volume {volumeId} does not exist");
}
