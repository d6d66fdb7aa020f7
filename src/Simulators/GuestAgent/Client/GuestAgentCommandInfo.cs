namespace Harness.Simulators.GuestAgent;

/// <summary>One entry of <c>guest-info</c>'s <c>supported_commands</c>; <see cref="Enabled"/> is false for commands disabled while frozen.</summary>
public sealed record GuestAgentCommandInfo(string Name, bool Enabled, bool SuccessResponse);
