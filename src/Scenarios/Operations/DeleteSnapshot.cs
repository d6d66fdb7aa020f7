using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Operations;

/// <summary>
/// Deletes a VirtualMachineSnapshot (in progress or done); <paramref name="AsContentAppears"/>, the moment the observer
/// sees its content created — racing the content's first pass, as a user deleting a snapshot just taken does.
/// </summary>
public sealed record DeleteSnapshot(TimeSpan At, string Namespace, string Name, bool AsContentAppears = false) : Operation(At)
{
    public override string Subject => $"vmsnapshot {Namespace}/{Name}";

    public override string Describe() => $"delete {Subject}{(AsContentAppears ? " as its content appears" : "")}";

    public override Task<string> ApplyAsync(OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!AsContentAppears)
        {
            return ApiCall.DeleteAsync<VirtualMachineSnapshot>(context.Client, Namespace, Name);
        }

        var events = context.Scenario.Events;
        void OnRecorded(DomainEvent e)
        {
            if (e.Kind == DomainEventKind.ObjectCreated && e.Detail == $"of vmsnapshot {Name}" && e.Subject.StartsWith($"vmsnapshotcontent {Namespace}/", StringComparison.Ordinal))
            {
                events.Recorded -= OnRecorded;
                _ = context.Scenario.Tasks.StartNew(async () =>
                {
                    var outcome = await ApiCall.DeleteAsync<VirtualMachineSnapshot>(context.Client, Namespace, Name);
                    events.Record(ScenarioRunner.Component, DomainEventKind.OperationApplied, Subject, $"delete {Subject} as its content {e.Subject} appeared: {outcome}");
                }).Unwrap();
            }
        }

        events.Recorded += OnRecorded;
        return Task.FromResult("armed: deletes it the moment its content appears");
    }
}
