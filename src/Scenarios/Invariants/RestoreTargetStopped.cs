using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Operations;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// A restore writes its target only while the target is stopped (§3.3): no restore completes while the guest that
/// ran its target VM when the restore was created still runs — the readiness policy waits for it, stops it, or fails.
/// </summary>
public sealed class RestoreTargetStopped : IInvariant
{
    public string Name => "restore-target-stopped";

    public string Description => "no restore completes while its target's guest runs on since the restore was created";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var restores = observation.Scenario.Schedule.Operations.OfType<CreateRestore>().ToDictionary(r => r.Subject, StringComparer.Ordinal);
        var running = new Dictionary<string, DomainEvent>(StringComparer.Ordinal);
        var runningAtCreation = new Dictionary<string, DomainEvent>(StringComparer.Ordinal);
        foreach (var e in observation.Events)
        {
            switch (e.Kind)
            {
                case DomainEventKind.GuestStarted:
                    running[e.Subject] = e;
                    break;
                case DomainEventKind.GuestStopped:
                    running.Remove(e.Subject);
                    foreach (var subject in runningAtCreation.Where(r => r.Value.Subject == e.Subject).Select(r => r.Key).ToList())
                    {
                        runningAtCreation.Remove(subject);
                    }

                    break;
                case DomainEventKind.OperationApplied when restores.TryGetValue(e.Subject, out var created)
                    && running.TryGetValue(ComponentNames.Guest(created.Namespace, created.Target), out var started):
                    runningAtCreation.TryAdd(e.Subject, started);
                    break;
                case DomainEventKind.PhaseChanged when e.Detail.EndsWith("-> Complete", StringComparison.Ordinal) && runningAtCreation.TryGetValue(e.Subject, out var guest):
                    yield return new Violation(
                        Name, e.Subject, e.At,
                        $"complete (#{e.Sequence}) while {guest.Subject}, running since {guest.At:HH:mm:ss} (#{guest.Sequence}) before the restore was created, never stopped");
                    break;
            }
        }
    }
}
