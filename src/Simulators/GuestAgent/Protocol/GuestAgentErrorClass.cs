namespace Harness.Simulators.GuestAgent;

/// <summary>The QAPI error classes qemu-ga answers with (<c>{"error": {"class": ..., "desc": ...}}</c>).</summary>
public static class GuestAgentErrorClass
{
    /// <summary>Almost every failure: bad input, a failing command.</summary>
    public const string GenericError = "GenericError";

    /// <summary>An unknown command, or one disabled (for example while the filesystems are frozen).</summary>
    public const string CommandNotFound = "CommandNotFound";
}
