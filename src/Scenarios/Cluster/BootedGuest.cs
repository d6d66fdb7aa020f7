using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Cluster;

/// <summary>One boot of an in-process VMI's guest: its OS, its journal application and its agent, on the CSI volumes <paramref name="VolumeHandles"/> (in disk order).</summary>
public sealed record BootedGuest(
    string Namespace, string Name, string InstanceUid, IReadOnlyList<string> VolumeHandles, Guest Guest, JournalWriter Journal, GuestAgentServer Agent);
