namespace Harness.Scenarios.Faults;

/// <summary>
/// Which faults a scenario's generator may put into its world and schedule, mapped onto each component's fault surface:
/// guest faults (freeze hangs or fails, thaw limit, agent latency and disconnects) as VM template annotations, CSI
/// faults (errors, latency, snapshots that become ready late or never) as windows on a driver, components crashed and
/// restarted at scheduling points, VolumeSnapshots deleted behind the controller's back, and the API server's faults
/// as each component's client meets them (answers of 409, 429, 500, 503 and 504; watches closed, expired, delayed,
/// duplicated or losing events), chosen at run time from the seed (<see cref="Api.ApiFaults"/>).
/// </summary>
/// <param name="Name">What <c>--faults</c> calls it.</param>
/// <param name="GuestFaultChance">Chance (0..1) that a VM's guest shows one guest fault.</param>
/// <param name="StorageFaultWindows">Most CSI fault windows a schedule gets.</param>
/// <param name="Crashes">Most crash-and-restart pairs a schedule gets.</param>
/// <param name="CrashTargets">Which components may crash: <c>csi-driver</c> (every driver), <c>controller</c>, <c>kubevirt</c>, <c>csi-sidecars</c>.</param>
/// <param name="BehindTheBack">Whether the schedule deletes VolumeSnapshots of a VM snapshot behind the controller's back.</param>
/// <param name="ApiRequestFaultChance">Chance (0..1) that a component's request is answered with an API server fault.</param>
/// <param name="ApiWatchFaultChance">Chance (0..1) that an event on a component's watch meets a watch fault.</param>
public sealed record FaultPlan(
    string Name,
    string Description,
    double GuestFaultChance,
    int StorageFaultWindows,
    int Crashes,
    IReadOnlyList<string> CrashTargets,
    bool BehindTheBack,
    double ApiRequestFaultChance = 0,
    double ApiWatchFaultChance = 0)
{
    public const string DriverTarget = "csi-driver";

    public bool IsQuiet => GuestFaultChance == 0 && StorageFaultWindows == 0 && Crashes == 0 && !BehindTheBack && ApiRequestFaultChance == 0 && ApiWatchFaultChance == 0;

    /// <summary>The plan's name, as <c>--faults</c> takes it (and as the commands' help shows the default).</summary>
    public override string ToString() => Name;
}
