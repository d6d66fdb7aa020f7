namespace Harness.Scenarios.Operations;

/// <summary>Switches a CSI driver's faults to <paramref name="Fault"/> (<see cref="StorageFault.Healed"/> clears them).</summary>
public sealed record SetStorageFault(TimeSpan At, string Driver, StorageFault Fault) : Operation(At)
{
    public override string Subject => Cluster.Components.ComponentNames.CsiDriver(Driver);

    public override string Describe() => $"{Subject} faults: {Fault}";

    public override async Task<string> ApplyAsync(OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Scenario.SwitchStorageFaultsAsync(Driver, Arguments(Fault));
        return Fault.ToString();
    }

    /// <summary>Exactly <paramref name="fault"/>, as the driver's <c>--fault</c> arguments (none: healed).</summary>
    public static IReadOnlyList<string> Arguments(StorageFault fault) => fault switch
    {
        StorageFault.Healed => [],
        StorageFault.SnapshotLatency => ["create-snapshot-latency=1s..20s"],
        StorageFault.SnapshotErrors => ["create-snapshot-error=Unavailable:0.5"],
        StorageFault.LateReady => ["snapshot-ready-after=30s"],
        StorageFault.NeverReady => ["snapshot-never-ready"],
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such storage fault"),
    };
}
