using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>Builds an event log by hand (one event per virtual second) for checking invariants on exact histories.</summary>
internal sealed class ObservationBuilder
{
    private static readonly DateTimeOffset Origin = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<DomainEvent> events = [];
    private readonly List<Operation> operations = [];

    public DateTimeOffset Now => Origin + TimeSpan.FromSeconds(events.Count);

    public ObservationBuilder Snapshot(string name, string vm, string? deadline = null)
    {
        operations.Add(new CreateSnapshot(TimeSpan.Zero, "default", name, vm, deadline, null));
        return this;
    }

    public ObservationBuilder At(TimeSpan elapsed)
    {
        while (Now - Origin < elapsed)
        {
            Add("scenario", DomainEventKind.OperationApplied, "scenario", "waiting");
        }

        return this;
    }

    public ObservationBuilder Add(string component, DomainEventKind kind, string subject, string detail = "")
    {
        events.Add(new DomainEvent(events.Count, Now, component, kind, subject, detail));
        return this;
    }

    public ScenarioObservation Build()
    {
        var world = new WorldSpec(["default"], [], []);
        var scenario = new Scenario(1, FaultPlans.None, world, new OperationSchedule(operations));
        return new ScenarioObservation(scenario, events, null, null, Origin, null);
    }
}
