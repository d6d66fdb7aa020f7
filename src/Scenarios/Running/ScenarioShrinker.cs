using Harness.Scenarios.Operations;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Running;

/// <summary>
/// Smaller variants of a scenario, for FsCheck to shrink a failing case with: one VM fewer (with the operations on it
/// and its snapshots), one operation fewer (with the operations on the snapshot it created), one disk fewer, one unused
/// driver fewer. Each candidate is a whole, runnable scenario; the seed stays (it still drives the scheduler).
/// </summary>
public static class ScenarioShrinker
{
    public static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var world = scenario.World;
        foreach (var vm in world.VirtualMachines)
        {
            var operations = scenario.Schedule.Operations.Where(o => !Concerns(o, vm.Namespace, vm.Name, SnapshotsOf(scenario, vm))).ToList();
            yield return scenario with
            {
                World = world with { VirtualMachines = [.. world.VirtualMachines.Where(v => v != vm)] },
                Schedule = new OperationSchedule(operations),
            };
        }

        foreach (var operation in scenario.Schedule.Operations)
        {
            var dropped = operation is CreateSnapshot created ? new HashSet<string>(StringComparer.Ordinal) { created.Name } : [];
            yield return scenario with
            {
                Schedule = new OperationSchedule([.. scenario.Schedule.Operations.Where(o => o != operation && !OnSnapshot(o, dropped))]),
            };
        }

        foreach (var vm in world.VirtualMachines.Where(v => v.Disks.Count > 1))
        {
            yield return scenario with
            {
                World = world with { VirtualMachines = [.. world.VirtualMachines.Select(v => v == vm ? v with { Disks = [.. v.Disks.Take(v.Disks.Count - 1)] } : v)] },
            };
        }

        var usedClasses = world.VirtualMachines.SelectMany(v => v.Disks).Select(d => d.StorageClass).ToHashSet(StringComparer.Ordinal);
        foreach (var driver in world.Drivers.Skip(1).Where(d => !usedClasses.Contains(d.StorageClass)))
        {
            yield return scenario with
            {
                World = world with { Drivers = [.. world.Drivers.Where(d => d != driver)] },
                Schedule = new OperationSchedule([.. scenario.Schedule.Operations.Where(o => !OnDriver(o, driver.Name))]),
            };
        }
    }

    /// <summary>How big a scenario is (VMs, disks, operations, drivers), for tests that check shrinking got somewhere.</summary>
    public static int Size(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.World.VirtualMachines.Sum(v => 1 + v.Disks.Count) + scenario.Schedule.Operations.Count + scenario.World.Drivers.Count;
    }

    private static HashSet<string> SnapshotsOf(Scenario scenario, VmSpec vm) =>
        scenario.Schedule.Operations.OfType<CreateSnapshot>().Where(s => s.Namespace == vm.Namespace && s.Vm == vm.Name).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    private static bool Concerns(Operation operation, string namespaceName, string vm, HashSet<string> snapshots) => operation switch
    {
        CreateSnapshot s => s.Namespace == namespaceName && s.Vm == vm,
        SetRunning r => r.Namespace == namespaceName && r.Vm == vm,
        CreateRestore r => r.Namespace == namespaceName && (r.Target == vm || snapshots.Contains(r.Snapshot)),
        _ => OnSnapshot(operation, snapshots),
    };

    private static bool OnSnapshot(Operation operation, HashSet<string> snapshots) => operation switch
    {
        DeleteSnapshot d => snapshots.Contains(d.Name),
        DeleteVolumeSnapshots d => snapshots.Contains(d.Snapshot),
        CreateRestore r => snapshots.Contains(r.Snapshot),
        _ => false,
    };

    private static bool OnDriver(Operation operation, string driver) => operation switch
    {
        SetStorageFault f => f.Driver == driver,
        ComponentOperation c => c.Component == Cluster.Components.ComponentNames.CsiDriver(driver),
        _ => false,
    };
}
