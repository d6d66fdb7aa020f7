namespace Harness.Scenarios.Worlds;

/// <summary>How a VM of a world starts out.</summary>
public enum VmRunState
{
    Running,
    Stopped,
    Paused,
}
