using Harness.Scenarios.Cluster.Components;

namespace Harness.Scenarios.Operations;

/// <summary>Kills a component: its in-memory state is lost, its watches and connections dropped, its work in flight abandoned.</summary>
public sealed record CrashComponent(TimeSpan At, string Component) : ComponentOperation(At, Component)
{
    public override string Describe() => $"crash {Component}";

    protected override async Task<string> ApplyAsync(ClusterComponent component)
    {
        await component.CrashAsync();
        return "crashed";
    }
}
