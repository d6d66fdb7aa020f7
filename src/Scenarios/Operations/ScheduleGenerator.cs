using Bogus;
using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Operations;

/// <summary>
/// Makes a schedule for a world from a seed with Bogus: snapshots of each VM (deadlines from none to one second,
/// both deletion policies; some second snapshots right after the first), some deleted while in progress, restores in place (stopping the VM first, or by the
/// StopTarget and FailImmediate policies) and into new VMs, VM stops and starts, and the fault plan's CSI fault
/// windows, crash-and-restart pairs and VolumeSnapshots deleted behind the controller's back, over three minutes.
/// </summary>
public static class ScheduleGenerator
{
    private static readonly string?[] Deadlines = [null, "0s", "1s", "30s", "2m"];
    private static readonly string?[] Policies = [null, SnapshotApi.DeletionPolicyDelete, SnapshotApi.DeletionPolicyRetain];
    private static readonly StorageFault[] StorageFaults = [StorageFault.SnapshotLatency, StorageFault.SnapshotErrors, StorageFault.LateReady, StorageFault.NeverReady];

    public static OperationSchedule Generate(int seed, WorldSpec world, FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(plan);
        var faker = new Faker { Random = new Randomizer(seed) };
        var operations = new List<Operation>();
        foreach (var vm in world.VirtualMachines)
        {
            AddSnapshots(faker, vm, plan, operations);
            if (faker.Random.Bool(0.2f))
            {
                operations.Add(new SetRunning(Seconds(faker, 0, 150), vm.Namespace, vm.Name, vm.State == VmRunState.Stopped));
            }
        }

        AddStorageFaults(faker, world, plan, operations);
        AddCrashes(faker, world, plan, operations);
        return new OperationSchedule([.. operations.OrderBy(o => o.At)]);
    }

    private static void AddSnapshots(Faker faker, VmSpec vm, FaultPlan plan, List<Operation> operations)
    {
        var previous = TimeSpan.Zero;
        for (var k = 0; k < faker.Random.Int(1, 2); k++)
        {
            // Some second snapshots follow the first within seconds: both want the VM at once.
            var at = previous = k > 0 && faker.Random.Bool(0.4f) ? previous + Seconds(faker, 0, 3) : Seconds(faker, 0, 150);
            var name = $"snap-{vm.Name}-{k}";
            // A guest whose freeze fails or hangs retries until the deadline: without one it never ends.
            var deadline = faker.PickRandom(vm.GuestFaults.Count > 0 ? Deadlines.Where(d => d != "0s").ToArray() : Deadlines);
            operations.Add(new CreateSnapshot(at, vm.Namespace, name, vm.Name, deadline, faker.PickRandom(Policies)));
            if (plan.BehindTheBack && faker.Random.Bool(0.2f))
            {
                operations.Add(new DeleteVolumeSnapshots(at + Seconds(faker, 5, 60), vm.Namespace, name));
            }

            if (faker.Random.Bool(0.25f))
            {
                // Half the deletions race the content's first pass: they come the moment the content appears.
                operations.Add(faker.Random.Bool()
                    ? new DeleteSnapshot(at, vm.Namespace, name, AsContentAppears: true)
                    : new DeleteSnapshot(at + Seconds(faker, 0, 20), vm.Namespace, name));
            }
            else if (faker.Random.Bool(0.5f))
            {
                AddRestore(faker, vm, name, at + Seconds(faker, 20, 120), $"restore-{vm.Name}-{k}", operations);
            }
        }
    }

    private static void AddRestore(Faker faker, VmSpec vm, string snapshot, TimeSpan at, string name, List<Operation> operations)
    {
        if (faker.Random.Bool())
        {
            operations.Add(new CreateRestore(at, vm.Namespace, name, snapshot, $"{vm.Name}-r{name[^1]}", null));
            return;
        }

        var policy = faker.Random.WeightedRandom<string?>(
            [SnapshotApi.TargetReadinessStopTarget, SnapshotApi.TargetReadinessFailImmediate, null],
            [0.5f, 0.1f, 0.4f]);
        if (policy is null)
        {
            operations.Add(new SetRunning(at - TimeSpan.FromSeconds(5), vm.Namespace, vm.Name, Running: false));
        }

        operations.Add(new CreateRestore(at, vm.Namespace, name, snapshot, vm.Name, policy));
        if (faker.Random.Bool(0.3f))
        {
            operations.Add(new SetRunning(at + Seconds(faker, 30, 90), vm.Namespace, vm.Name, Running: true));
        }
    }

    private static void AddStorageFaults(Faker faker, WorldSpec world, FaultPlan plan, List<Operation> operations)
    {
        var snapshotting = world.Drivers.Where(d => d.SnapshotsSupported).ToList();
        for (var i = 0; i < faker.Random.Int(0, plan.StorageFaultWindows); i++)
        {
            var driver = faker.PickRandom(snapshotting).Name;
            var at = Seconds(faker, 0, 150);
            operations.Add(new SetStorageFault(at, driver, faker.PickRandom(StorageFaults)));
            operations.Add(new SetStorageFault(at + Seconds(faker, 10, 60), driver, StorageFault.Healed));
        }
    }

    private static void AddCrashes(Faker faker, WorldSpec world, FaultPlan plan, List<Operation> operations)
    {
        if (plan.CrashTargets.Count == 0)
        {
            return;
        }

        var snapshots = operations.OfType<CreateSnapshot>().Select(s => s.At).ToList();
        for (var i = 0; i < faker.Random.Int(0, plan.Crashes); i++)
        {
            var target = faker.PickRandom(plan.CrashTargets.ToList());
            var component = target == FaultPlan.DriverTarget ? ComponentNames.CsiDriver(faker.PickRandom(world.Drivers.ToList()).Name) : target;
            // Half the crashes come the instant a snapshot is created, in the middle of its first passes (Sieve's intermediate states).
            var at = snapshots.Count > 0 && faker.Random.Bool() ? faker.PickRandom(snapshots) : Seconds(faker, 0, 170);
            operations.Add(new CrashComponent(at, component));
            operations.Add(new StartComponent(at + Seconds(faker, 1, 30), component));
        }
    }

    private static TimeSpan Seconds(Faker faker, int min, int max) => TimeSpan.FromSeconds(faker.Random.Int(min, max));
}
