using Harness.Scenarios.Cluster.Components;

namespace Harness.Scenarios.Operations;

/// <summary>An operation on one component of the cluster, by its event-log name.</summary>
public abstract record ComponentOperation(TimeSpan At, string Component) : Operation(At)
{
    public override string Subject => Component;

    public override async Task<string> ApplyAsync(OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Cluster.Components.FirstOrDefault(c => c.Name == Component) is { } component
            ? await ApplyAsync(component)
            : "not in this cluster";
    }

    protected abstract Task<string> ApplyAsync(ClusterComponent component);
}
