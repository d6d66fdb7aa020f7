using Harness.Api.Snapshots;

namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>The content lifecycle's state accessor and mutator over <c>status.creationTime</c> and <c>status.readyToUse</c>.</summary>
internal static class ContentStates
{
    public static ContentState Read(VirtualMachineSnapshotContent content) => content.Status switch
    {
        null => ContentState.New,
        { CreationTime: null } => ContentState.Snapshotting,
        { ReadyToUse: true } => ContentState.Ready,
        _ => ContentState.Cut,
    };

    /// <summary>Writes <paramref name="state"/>; the creation time (the point in time of the snapshot) is the moment the content is first cut.</summary>
    public static void Write(VirtualMachineSnapshotContent content, ContentState state, DateTime now)
    {
        var status = content.Status ??= new VirtualMachineSnapshotContentStatus();
        if (state is ContentState.Cut or ContentState.Ready)
        {
            status.CreationTime ??= now;
        }

        status.ReadyToUse = state == ContentState.Ready;
    }
}
