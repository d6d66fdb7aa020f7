namespace Harness.Simulators.Csi.Provisioner;

/// <summary>What external-resizer and kubelet write on a claim they grow: conditions, allocated resource statuses and event reasons.</summary>
public static class ResizeConstants
{
    public const string ResizingCondition = "Resizing";
    public const string FileSystemResizePendingCondition = "FileSystemResizePending";
    public const string ControllerResizeErrorCondition = "ControllerResizeError";
    public const string ControllerResizeInProgress = "ControllerResizeInProgress";
    public const string ControllerResizeInfeasible = "ControllerResizeInfeasible";
    public const string NodeResizePending = "NodeResizePending";
    public const string NodeResizeInProgress = "NodeResizeInProgress";
    public const string NodeResizeInfeasible = "NodeResizeInfeasible";
    public const string NodeResizeErrorCondition = "NodeResizeError";
    public const string ResizingReason = "Resizing";
    public const string ResizeSucceededReason = "VolumeResizeSuccessful";
    public const string ResizeFailedReason = "VolumeResizeFailed";
    public const string FileSystemResizeRequiredReason = "FileSystemResizeRequired";
    public const string FileSystemResizeSuccessfulReason = "FileSystemResizeSuccessful";
    public const string FileSystemResizeFailedReason = "FileSystemResizeFailed";
    public const string FileSystemResizePendingMessage = "Waiting for user to (re-)start a pod to finish file system resize of volume on node.";
}
