using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;

namespace Harness.Scenarios.Cluster;

/// <summary>How <see cref="ProcessGuestAgentConnector"/> starts <c>harness-guest-agent</c> processes.</summary>
public sealed class ProcessGuestAgentOptions
{
    /// <summary>The program to run: the <c>harness-guest-agent</c> executable, or <c>dotnet</c> with the DLL as first argument.</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments placed before the simulator's own (for example the DLL path when <see cref="FileName"/> is <c>dotnet</c>).</summary>
    public IReadOnlyList<string> LeadingArguments { get; init; } = [];

    /// <summary>Directory of the agents' Unix sockets.</summary>
    public required string SocketDirectory { get; init; }

    /// <summary>Extra arguments per VMI (for example disk files of the guest), appended last.</summary>
    public Func<GuestAgentLaunch, IEnumerable<string>>? ExtraArguments { get; init; }

    /// <summary>
    /// Called with each freeze or thaw of a VMI's guest, as its process reports it (<see cref="FreezeReport"/>): the status
    /// and the last journal record committed then; on the process's output thread.
    /// </summary>
    public Action<GuestAgentLaunch, FsFreezeStatus, long>? FreezeStatusChanged { get; init; }

    /// <summary>How long to wait for a new agent's socket.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
