namespace Harness.Scenarios.Cluster;

/// <summary>Where a live cluster's snapshot/restore controller runs (<c>harness up --controller</c>).</summary>
public enum ControllerPlacement
{
    /// <summary>None: the user runs their own controller (under a debugger, a patched KubeVirt) against the cluster.</summary>
    None,

    /// <summary>In this process (<see cref="InProcessController"/>): one runtime for the harness and the controller, the fastest start.</summary>
    InProcess,

    /// <summary>A <c>harness-controller</c> process (<see cref="HarnessControllerProcess"/>), which a crash kills.</summary>
    Process,
}
