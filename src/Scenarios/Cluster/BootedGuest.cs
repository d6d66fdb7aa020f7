using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Cluster;

/// <summary>One boot of an in-process VMI's guest: its OS, its journal application and its agent.</summary>
public sealed record BootedGuest(string InstanceUid, Guest Guest, JournalWriter Journal, GuestAgentServer Agent);
