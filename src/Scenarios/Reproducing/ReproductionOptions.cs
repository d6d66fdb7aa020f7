namespace Harness.Scenarios.Reproducing;

/// <summary>How <see cref="Reproduction"/> runs a dump.</summary>
public sealed class ReproductionOptions
{
    public ReproducedController Controller { get; init; } = ReproducedController.InProcess;

    /// <summary>The seed of the deterministic scheduler (and of every component).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The run ends once nothing changed in the API server for this long (virtual time).</summary>
    /// <value>One minute.</value>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The run ends at this virtual time at the latest.</summary>
    /// <value>Ten minutes.</value>
    public TimeSpan Limit { get; init; } = TimeSpan.FromMinutes(10);
}
