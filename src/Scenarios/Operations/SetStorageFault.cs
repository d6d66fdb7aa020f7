using Grpc.Core;
using Harness.Simulators.Csi.Faults;

namespace Harness.Scenarios.Operations;

/// <summary>Switches a CSI driver's faults to <paramref name="Fault"/> (<see cref="StorageFault.Healed"/> clears them).</summary>
public sealed record SetStorageFault(TimeSpan At, string Driver, StorageFault Fault) : Operation(At)
{
    public override string Subject => Cluster.Components.ComponentNames.CsiDriver(Driver);

    public override string Describe() => $"{Subject} faults: {Fault}";

    public override Task<string> ApplyAsync(OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Scenario.StorageFaults(Driver) is not { } faults)
        {
            return Task.FromResult($"not switched: {Subject} runs as a process, its faults are set when it starts");
        }

        Apply(faults, Fault);
        return Task.FromResult(Fault.ToString());
    }

    /// <summary>Sets <paramref name="faults"/> to exactly <paramref name="fault"/>.</summary>
    public static void Apply(CsiFaults faults, StorageFault fault)
    {
        ArgumentNullException.ThrowIfNull(faults);
        faults.CreateSnapshotLatencyMin = fault == StorageFault.SnapshotLatency ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
        faults.CreateSnapshotLatencyMax = fault == StorageFault.SnapshotLatency ? TimeSpan.FromSeconds(20) : TimeSpan.Zero;
        faults.CreateSnapshotError = fault == StorageFault.SnapshotErrors ? StatusCode.Unavailable : null;
        faults.CreateSnapshotErrorProbability = fault == StorageFault.SnapshotErrors ? 0.5 : 1;
        faults.SnapshotReadyDelay = fault == StorageFault.LateReady ? TimeSpan.FromSeconds(30) : TimeSpan.Zero;
        faults.SnapshotNeverReady = fault == StorageFault.NeverReady;
    }
}
