using Harness.EnvTest.Loading;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Reproducing;

/// <summary>What a <see cref="Reproduction"/> loaded, what happened, how it ended and what is left unfinished.</summary>
/// <param name="Skipped">Objects of the dump left out, each with the reason.</param>
/// <param name="Adopted">The volumes and snapshots the CSI drivers took over.</param>
/// <param name="Clock">Where the virtual clock started.</param>
/// <param name="Ending">Why the run stopped (quiet, or the limit), with the virtual time.</param>
/// <param name="Unfinished">The unfinished snapshots and restores, one line per fact.</param>
public sealed record ReproductionResult(
    LoadedObjects Loaded,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Adopted,
    DateTimeOffset Clock,
    IReadOnlyList<DomainEvent> Events,
    string Ending,
    IReadOnlyList<string> Unfinished);
