using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi;

/// <summary>Whether the in-process driver is up; a crash cancels the calls in flight and refuses new ones until restart.</summary>
internal sealed class DriverLifecycle
{
    private readonly Lock gate = new();
    private CancellationTokenSource incarnation = new();
    private bool crashed;

    public CancellationToken Incarnation
    {
        get
        {
            lock (gate)
            {
                return incarnation.Token;
            }
        }
    }

    public void EnsureRunning()
    {
        lock (gate)
        {
            if (crashed)
            {
                throw CsiErrors.Unavailable("the CSI driver is not running (crashed)");
            }
        }
    }

    public void Crash()
    {
        CancellationTokenSource stopped;
        lock (gate)
        {
            if (crashed)
            {
                return;
            }

            crashed = true;
            stopped = incarnation;
            incarnation = new CancellationTokenSource();
        }

        stopped.Cancel();
        stopped.Dispose();
    }

    public void Restart()
    {
        lock (gate)
        {
            crashed = false;
        }
    }
}
