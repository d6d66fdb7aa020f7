using Harness.Controller.Restores.Lifecycle;

namespace Harness.Controller.Restores;

/// <summary>The restore lifecycle drawn from the machine itself (Mermaid), for <c>docs/restore-machine.md</c>.</summary>
public static class RestoreLifecycleGraph
{
    public static string Mermaid() => new RestoreLifecycle(() => RestoreState.New, _ => { }).ToMermaid();
}
