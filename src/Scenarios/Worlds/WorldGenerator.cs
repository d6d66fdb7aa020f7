using Bogus;
using Harness.Scenarios.Faults;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Worlds;

/// <summary>
/// Makes a world from a seed with Bogus: one to three CSI drivers (the first with snapshots and the default classes,
/// the others with or without snapshot support, Immediate or WaitForFirstConsumer; some round snapshot sizes up), one to three VMs in one or two
/// namespaces, each with one to four disks on those classes, running, stopped or paused, with or without a guest
/// agent, and guest faults as the fault plan allows.
/// </summary>
public static class WorldGenerator
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    private static readonly (string Name, string Value)[] GuestFaultChoices =
    [
        ("guest-freeze-fail", "true"),
        ("guest-freeze-hang", "20s"),
        ("guest-thaw-limit", "10s"),
        ("guest-agent-latency", "10ms..2s"),
        ("guest-agent-disconnect-after", "3"),
    ];

    public static WorldSpec Generate(int seed, FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var faker = new Faker { Random = new Randomizer(seed) };
        var namespaces = faker.Random.Bool(0.3f) ? new[] { "default", "team-" + faker.Random.String2(4, Letters) } : ["default"];
        var drivers = Enumerable.Range(0, faker.Random.Int(1, 3)).Select(i => Driver(faker, i)).ToList();
        var vms = Enumerable.Range(0, faker.Random.Int(1, 3))
            .Select(i => VirtualMachine(faker, i, faker.PickRandom(namespaces), drivers, plan))
            .ToList();
        return new WorldSpec(namespaces, drivers, vms);
    }

    /// <summary>How far a rounding driver rounds snapshot sizes up: past every disk size, so a restore must ask for more than the disk had.</summary>
    private const int RoundingMi = 64;

    private static DriverSpec Driver(Faker faker, int index)
    {
        var driver = index == 0
            ? new DriverSpec(CsiConstants.DefaultDriverName, SnapshotsSupported: true, CsiStackOptions.DefaultStorageClassName, WaitForFirstConsumer: false)
            : new DriverSpec($"csi{index}.harness.io", faker.Random.Bool(0.6f), $"storage-{index}", faker.Random.Bool(0.3f));
        return driver with { RestoreSizeRoundingMi = faker.Random.Bool(0.4f) ? RoundingMi : 0 };
    }

    private static VmSpec VirtualMachine(Faker faker, int index, string namespaceName, IReadOnlyList<DriverSpec> drivers, FaultPlan plan)
    {
        var name = $"vm{index}-{faker.Random.String2(4, Letters)}";
        var disks = Enumerable.Range(0, faker.Random.Int(1, 4))
            .Select(d => new DiskSpec($"disk{d}", $"{name}-disk{d}", Class(faker, drivers), faker.PickRandom(16, 32)))
            .ToList();
        var state = faker.Random.WeightedRandom<VmRunState>([VmRunState.Running, VmRunState.Stopped, VmRunState.Paused], [0.6f, 0.25f, 0.15f]);
        var agent = faker.Random.Bool(0.8f);
        var faults = new Dictionary<string, string>(StringComparer.Ordinal);
        if (agent && faker.Random.Double() < plan.GuestFaultChance)
        {
            var (fault, value) = faker.PickRandom(GuestFaultChoices);
            faults[GuestFaults.AnnotationPrefix + fault] = value;
        }

        return new VmSpec(namespaceName, name, disks, state, agent, faults);
    }

    // Most disks on the default class, as in most clusters.
    private static string Class(Faker faker, IReadOnlyList<DriverSpec> drivers) =>
        drivers.Count == 1 || faker.Random.Bool(0.6f) ? drivers[0].StorageClass : faker.PickRandom(drivers.Skip(1).ToList()).StorageClass;
}
