namespace Harness.Scenarios.Cluster.Components;

/// <summary>What a <see cref="HostedComponent"/>'s instance does when it crashes, rather than stopping gracefully (SIGKILL for a process).</summary>
public interface IKillable
{
    Task KillAsync();
}
