namespace Harness.Scenarios.Reproducing;

/// <summary>The snapshot/restore controller a reproduction runs.</summary>
public enum ReproducedController
{
    /// <summary>The harness's own, in-process on the deterministic scheduler.</summary>
    InProcess,

    /// <summary>None: only the simulators run (what the loaded objects do without a controller).</summary>
    None,
}
