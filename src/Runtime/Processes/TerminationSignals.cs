using System.Runtime.InteropServices;

namespace Harness.Runtime;

/// <summary>Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation, so a foreground command can stop cleanly.</summary>
public sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _terminated;
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignals(CancellationToken alsoCancelledBy)
    {
        _terminated = CancellationTokenSource.CreateLinkedTokenSource(alsoCancelledBy);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled when a termination signal arrives.</summary>
    public CancellationToken Token => _terminated.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _terminated.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _terminated.Cancel();
    }
}
