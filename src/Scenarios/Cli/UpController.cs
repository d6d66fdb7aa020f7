namespace Harness.Scenarios.Cli;

/// <summary>The snapshot/restore controller <c>harness up</c> runs.</summary>
public enum UpController
{
    /// <summary>The <c>harness-controller</c> process, beside the simulators.</summary>
    Process,

    /// <summary>None: the user runs their own controller (under a debugger, a patched KubeVirt) against the cluster.</summary>
    None,
}
