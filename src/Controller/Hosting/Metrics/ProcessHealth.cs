namespace Harness.Controller.Hosting;

/// <summary>What <c>/readyz</c> answers: not ready (with why) until the process has started everything it serves.</summary>
public sealed class ProcessHealth
{
    private volatile string? notReadyReason = "starting";

    /// <summary>Null when ready; otherwise why not.</summary>
    public string? NotReadyReason => notReadyReason;

    public void Ready() => notReadyReason = null;

    public void NotReady(string reason) => notReadyReason = reason;
}
