using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Running;
using Xunit.Abstractions;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>
/// FsCheck properties over generated scenarios: a failing case shrinks to a small world, schedule and fault plan and
/// prints its seed, the shrunk case (saved as a file) and the command that replays it. <c>HARNESS_CHAOS_CASES</c> raises
/// the number of cases (default a few, so the suite stays fast).
/// </summary>
public sealed class ShrinkingPropertyTests(ITestOutputHelper output)
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("HARNESS_CHAOS_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 3;

    [Fact]
    public void ThawFollowsFreeze_ControllerThatNeverThaws_FailsAndShrinksToOneVmAndOneSnapshot()
    {
        var runner = new ScenarioRunner(new ScenarioRunnerOptions { Controller = FreezeAndForgetController.For, SettleBudget = TimeSpan.FromSeconds(20) });
        var invariant = new ThawFollowsFreeze();
        Scenario? smallest = null;
        var scenarios = Gen.Choose(1, 10_000).Select(seed => Scenario.Generate((ulong)seed, FaultPlans.None))
            .Where(s => s.World.VirtualMachines.Any(vm => vm.State == Worlds.VmRunState.Running && vm.GuestAgent && s.Schedule.Operations.OfType<Operations.CreateSnapshot>().Any(c => c.Vm == vm.Name)));
        var property = Prop.ForAll(Arb.From(scenarios, ScenarioShrinker.Shrink), scenario =>
        {
            var violated = runner.Run(scenario).Violations.Any(v => v.Invariant == invariant.Name);
            if (violated && (smallest is null || ScenarioShrinker.Size(scenario) < ScenarioShrinker.Size(smallest)))
            {
                smallest = scenario;
            }

            return !violated;
        });

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property));

        Assert.NotNull(smallest);
        var file = Path.Combine(Directory.CreateTempSubdirectory("harness-case-").FullName, "case.json");
        File.WriteAllText(file, ScenarioFile.Serialize(smallest));
        output.WriteLine($"falsified: {failure.Message.Split('\n')[0]}\nseed {smallest.Seed}, shrunk case:\n{smallest.Describe()}replay: harness replay --case {file}");
        Assert.Single(smallest.World.VirtualMachines);
        var snapshot = Assert.Single(smallest.Schedule.Operations.OfType<Operations.CreateSnapshot>());
        // A VM the shrunk world holds stopped needs its start before the snapshot can freeze it: nothing else is needed.
        var rest = smallest.Schedule.Operations.Where(o => o != snapshot).ToList();
        Assert.InRange(rest.Count, 0, 1);
        Assert.All(rest, o => Assert.True(o is Operations.SetRunning { Running: true } start && start.Vm == snapshot.Vm && start.At <= snapshot.At, o.Describe()));
        Assert.Single(smallest.World.VirtualMachines[0].Disks);
        Assert.Contains(runner.Run(smallest).Violations, v => v.Invariant == invariant.Name);
    }

    [Fact]
    public async Task ReplayCase_OfAShrunkScenario_RunsThatScenario()
    {
        var scenario = ScenarioShrinker.Shrink(Scenario.Generate(4, FaultPlans.None)).First();
        var file = Path.Combine(Directory.CreateTempSubdirectory("harness-case-").FullName, "case.json");
        await File.WriteAllTextAsync(file, ScenarioFile.Serialize(scenario));

        var replay = await HarnessProcess.RunAsync("replay", "--case", file);

        Assert.StartsWith(scenario.Describe(), replay.Output, StringComparison.Ordinal);
        Assert.Contains("trace 0x", replay.Output, StringComparison.Ordinal);
    }
}
