using Harness.Scenarios.Faults;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Tests.Chaos;

public sealed class ScenarioTests
{
    [Fact]
    public void Generate_SameSeed_SameScenario_OtherSeeds_OtherScenarios()
    {
        var scenarios = Enumerable.Range(1, 50).Select(s => Scenario.Generate((ulong)s, FaultPlans.Default).Describe()).ToList();

        Assert.Equal(scenarios[6], Scenario.Generate(7, FaultPlans.Default).Describe());
        Assert.Equal(50, scenarios.Distinct().Count());
    }

    [Fact]
    public void Generate_FiftySeeds_CoverTheWorldAndScheduleShapes()
    {
        var scenarios = Enumerable.Range(1, 50).Select(s => Scenario.Generate((ulong)s, FaultPlans.Default)).ToList();
        var vms = scenarios.SelectMany(s => s.World.VirtualMachines).ToList();
        var operations = scenarios.SelectMany(s => s.Schedule.Operations).ToList();

        Assert.Equal([1, 2, 3], vms.GroupBy(v => v.Disks.Count >= 3 ? 3 : v.Disks.Count).Select(g => g.Key).Order());
        Assert.Contains(vms, v => !v.GuestAgent);
        Assert.Contains(vms, v => v.GuestFaults.Count > 0);
        Assert.Equal(3, vms.Select(v => v.State).Distinct().Count());
        Assert.Contains(scenarios, s => s.World.Drivers.Any(d => !d.SnapshotsSupported));
        Assert.Contains(scenarios, s => s.World.Drivers.Any(d => d.WaitForFirstConsumer));
        Assert.Contains(operations, o => o is CreateSnapshot { FailureDeadline: "0s" });
        Assert.Contains(operations, o => o is CreateRestore);
        Assert.Contains(operations, o => o is DeleteSnapshot);
        Assert.Contains(operations, o => o is DeleteVolumeSnapshots);
        Assert.Contains(operations, o => o is SetStorageFault);
        Assert.Contains(operations, o => o is CrashComponent);
    }

    [Fact]
    public void ScenarioFile_RoundTrip_SameScenario()
    {
        var scenario = Scenario.Generate(11, FaultPlans.Default);

        var read = ScenarioFile.Deserialize(ScenarioFile.Serialize(scenario));

        Assert.Equal(scenario.Describe(), read.Describe());
        Assert.Equal(ScenarioFile.Serialize(scenario), ScenarioFile.Serialize(read));
    }

    [Fact]
    public void Shrink_EveryCandidate_IsSmallerAndKeepsNoOperationOnWhatItDropped()
    {
        var scenario = Scenario.Generate(5, FaultPlans.Default);

        foreach (var smaller in ScenarioShrinker.Shrink(scenario))
        {
            Assert.True(ScenarioShrinker.Size(smaller) < ScenarioShrinker.Size(scenario));
            var vms = smaller.World.VirtualMachines.Select(v => v.Name).ToHashSet();
            var snapshots = smaller.Schedule.Operations.OfType<CreateSnapshot>().Select(s => s.Name).ToHashSet();
            Assert.All(smaller.Schedule.Operations.OfType<CreateSnapshot>(), s => Assert.Contains(s.Vm, vms));
            Assert.All(smaller.Schedule.Operations.OfType<DeleteSnapshot>(), s => Assert.Contains(s.Name, snapshots));
            Assert.All(smaller.Schedule.Operations.OfType<CreateRestore>(), r => Assert.Contains(r.Snapshot, snapshots));
        }
    }

    [Fact]
    public void SeedSelection_Shards_PartitionTheRangeExactly()
    {
        const ulong Count = 103;
        for (var shards = 1; shards <= 7; shards++)
        {
            var all = Enumerable.Range(1, shards).SelectMany(k => new SeedSelection(1, Count, k, shards).Seeds()).ToList();

            Assert.Equal(Enumerable.Range(1, (int)Count).Select(s => (ulong)s), all.Order());
        }
    }
}
