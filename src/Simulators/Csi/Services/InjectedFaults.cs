using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Faults;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

/// <summary>The faults in force as the services apply them: drawn from the seeded random source, logged and reported as they strike.</summary>
internal sealed class InjectedFaults(CsiFaults faults, FaultRandom random, DriverLifecycle lifecycle, TimeProvider time, ILogger logger)
{
    public CsiFaults Faults => faults;

    public FaultRandom Random => random;

    /// <summary>A snapshot's readiness, error and loss, fixed at the cut from the faults in force then.</summary>
    public SnapshotLifecycle PlanLifecycle(DateTimeOffset cut)
    {
        var readyAt = cut + faults.SnapshotReadyDelay;
        return new SnapshotLifecycle(
            readyAt,
            faults.SnapshotNeverReady,
            faults.SnapshotErrorAfterReady is { } errorAfter ? readyAt + errorAfter : null,
            faults.SnapshotLostAfter is { } lostAfter ? cut + lostAfter : null);
    }

    public async ValueTask ReportPlannedAsync(string snapshotId)
    {
        if (faults.SnapshotNeverReady)
        {
            await InjectedAsync(CsiFaults.SnapshotNeverReadyFault, snapshotId, "ready_to_use stays false");
        }

        if (faults.SnapshotErrorAfterReady is { } errorAfter)
        {
            await InjectedAsync(CsiFaults.SnapshotErrorsAfterReadyFault, snapshotId, $"errors {errorAfter} after ready");
        }

        if (faults.SnapshotLostAfter is { } lostAfter)
        {
            await InjectedAsync(CsiFaults.SnapshotLostFault, snapshotId, $"vanishes {lostAfter} after the cut");
        }
    }

    /// <summary>Waits on the driver's clock; a crash meanwhile fails the call UNAVAILABLE.</summary>
    public async Task DelayAsync(TimeSpan delay, CancellationToken callCancelled)
    {
        var crashed = lifecycle.Incarnation;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, crashed);
        try
        {
            await Task.Delay(delay, time, both.Token);
        }
        catch (OperationCanceledException) when (crashed.IsCancellationRequested)
        {
            throw CsiErrors.Unavailable("the CSI driver crashed while the call was in flight");
        }
    }

    public ValueTask InjectedAsync(string fault, string target, string detail)
    {
        logger.LogWarning("Injected fault {Fault} on {Target}: {Detail}", fault, target, detail);
        return faults.OnFaultInjected?.Invoke(new CsiFaultInjected(fault, target, detail)) ?? ValueTask.CompletedTask;
    }
}
