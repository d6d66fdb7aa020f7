namespace Harness.Simulators.GuestAgent;

/// <summary>Why <see cref="GuestAgentServer.ServeAsync"/> stopped serving a connection.</summary>
public enum GuestAgentSessionEnd
{
    /// <summary>The client closed the connection (end of stream or a reset).</summary>
    ClientDisconnected,

    /// <summary>The caller cancelled the session, for example because a new connection replaced it.</summary>
    Cancelled,

    /// <summary>The <c>disconnect-after</c> fault dropped the connection; the agent keeps running.</summary>
    Disconnected,

    /// <summary>The <c>crash-after</c> fault crashed the agent; the host ends it (the process exits).</summary>
    Crashed,
}
