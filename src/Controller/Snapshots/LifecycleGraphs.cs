using Harness.Controller.Snapshots.Lifecycle;
using Harness.Controller.Snapshots.Source;

namespace Harness.Controller.Snapshots;

/// <summary>The snapshot and content lifecycles drawn from the machines themselves (Mermaid), for <c>docs/</c>.</summary>
public static class LifecycleGraphs
{
    public static string SnapshotMermaid() => new SnapshotLifecycle(
        () => SnapshotState.New,
        _ => { },
        [.. SourceLockGuards.Descriptions.Select(d => new LockGuard(d, () => null))],
        () => false,
        () => Task.CompletedTask,
        () => Task.CompletedTask).ToMermaid();

    public static string ContentMermaid() => new ContentLifecycle(() => ContentState.New, _ => { }, () => true).ToMermaid();
}
