namespace Harness.Simulators.GuestAgent;

/// <summary>The agent answered a command with <c>{"error": {"class": ..., "desc": ...}}</c>.</summary>
public sealed class GuestAgentCommandException : Exception
{
    public GuestAgentCommandException(string errorClass, string description)
        : base(description)
    {
        ErrorClass = errorClass;
        Description = description;
    }

    /// <summary>The QAPI error class, for example <see cref="GuestAgentErrorClass.GenericError"/>.</summary>
    public string ErrorClass { get; }

    /// <summary>The agent's <c>desc</c> text.</summary>
    public string Description { get; }
}
