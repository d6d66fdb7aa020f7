using Harness.Scenarios.Cluster.Components;

namespace Harness.Scenarios.Operations;

/// <summary>Starts a crashed component again; it comes back from the API server's state alone.</summary>
public sealed record StartComponent(TimeSpan At, string Component) : ComponentOperation(At, Component)
{
    public override string Describe() => $"start {Component}";

    protected override async Task<string> ApplyAsync(ClusterComponent component)
    {
        await component.StartAsync(CancellationToken.None);
        return "started";
    }
}
