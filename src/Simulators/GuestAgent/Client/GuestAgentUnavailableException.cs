namespace Harness.Simulators.GuestAgent;

/// <summary>The agent did not answer: the connection closed or reset, or the answer did not come in time.</summary>
public sealed class GuestAgentUnavailableException : Exception
{
    public GuestAgentUnavailableException(string command, string reason, Exception? innerException = null)
        : base($"guest agent is not responding to {command}: {reason}", innerException)
    {
        Command = command;
    }

    /// <summary>The command that went unanswered.</summary>
    public string Command { get; }
}
