using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// The controller creates each VolumeSnapshot of a VM snapshot once: a name that gets a creation time again (a second
/// cut of the volume, at another moment) was deleted and re-created by the controller — unless the scenario deleted
/// it behind the controller's back in between, which the reference re-creates before the content is cut.
/// </summary>
public sealed class VolumeSnapshotCutOnce : IInvariant
{
    private const string Prefix = "volumesnapshot ";

    public string Name => "volume-snapshot-cut-once";

    public string Description => "no VolumeSnapshot of a VM snapshot is cut twice unless the scenario deleted it";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var cut = new Dictionary<string, DomainEvent>(StringComparer.Ordinal);
        foreach (var e in observation.Events)
        {
            if (e.Kind == DomainEventKind.OperationApplied)
            {
                foreach (var subject in cut.Keys.Where(s => e.Detail.Contains(s[(s.IndexOf('/', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal)).ToList())
                {
                    cut.Remove(subject);
                }
            }
            else if (e.Kind == DomainEventKind.VolumeSnapshotCreated && e.Subject.StartsWith(Prefix, StringComparison.Ordinal))
            {
                if (cut.TryGetValue(e.Subject, out var first))
                {
                    yield return new Violation(
                        Name, e.Subject, e.At,
                        $"cut at {first.At:HH:mm:ss} (#{first.Sequence}) and again at {e.At:HH:mm:ss} (#{e.Sequence}), though the scenario did not delete it in between");
                }

                cut[e.Subject] = e;
            }
        }
    }
}
