namespace Harness.Simulators.GuestAgent;

/// <summary>The answer of <c>guest-info</c>.</summary>
public sealed record GuestAgentInfo(string Version, IReadOnlyList<GuestAgentCommandInfo> SupportedCommands);
