using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Faults.Api;
using Harness.Scenarios.Running;
using Xunit.Abstractions;

namespace Harness.Scenarios.Tests.Faults;

/// <summary>The controller and the simulators under the <c>api</c> fault plan: every fault kind met, no invariant violated, the same trace for the same seed.</summary>
public sealed class ApiFaultChaosTests(ITestOutputHelper output)
{
    private const int Seeds = 20;

    [Fact]
    public void ApiPlan_TwentySeeds_EveryFaultKindInjected_NoInvariantViolatedThatTheSameScenarioWithoutThemDoesNotViolate()
    {
        var runner = new ChaosRun(new ScenarioRunner(new ScenarioRunnerOptions()), parallel: 2);

        var results = runner.Run([.. Enumerable.Range(1, Seeds).Select(s => Scenario.Generate((ulong)s, FaultPlans.Api))]);

        var faults = results.SelectMany(r => r.Events).Where(e => e.Kind == DomainEventKind.FaultInjected).ToList();
        output.WriteLine($"{faults.Count} API faults in {Seeds} runs");
        var missing = new List<ApiFaultKind>();
        foreach (var kind in Enum.GetValues<ApiFaultKind>())
        {
            var count = faults.Count(f => f.Detail.Contains($"({kind})", StringComparison.Ordinal));
            output.WriteLine($"{kind}: {count}");
            if (count == 0)
            {
                missing.Add(kind);
            }
        }

        // The aggregated API is called only to freeze and unfreeze guests with an agent: too seldom for 20 seeds to
        // meet its 503 (ApiRequestFaultTests checks it).
        Assert.Equal([ApiFaultKind.ServiceUnavailable], missing.Where(k => k != ApiFaultKind.ServiceUnavailable).Append(ApiFaultKind.ServiceUnavailable));

        // A violation that the same world and schedule shows without API faults is not theirs to answer for (see docs/chaos.md).
        var quietRunner = new ScenarioRunner(new ScenarioRunnerOptions());
        var caused = new List<string>();
        foreach (var result in results.Where(r => r.Violations.Count > 0))
        {
            var quiet = quietRunner.Run(result.Scenario with { Faults = result.Scenario.Faults with { ApiRequestFaultChance = 0, ApiWatchFaultChance = 0 } });
            var without = quiet.Violations.Select(v => v.Invariant).ToHashSet(StringComparer.Ordinal);
            output.WriteLine($"seed {result.Scenario.Seed}: {string.Join(", ", result.Violations.Select(v => v.Invariant).Distinct())} with API faults; {string.Join(", ", without)} without");
            caused.AddRange(result.Violations.Where(v => !without.Contains(v.Invariant)).Select(v => $"seed {result.Scenario.Seed}: {v}"));
        }

        Assert.True(caused.Count == 0, string.Join('\n', caused));
    }

    [Fact]
    public void ApiPlan_SameSeedTwice_SameTraceAndEvents()
    {
        var runner = new ScenarioRunner(new ScenarioRunnerOptions());
        var scenario = Scenario.Generate(4, FaultPlans.Api);

        var first = runner.Run(scenario);
        var second = runner.Run(scenario);

        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(string.Join('\n', first.Events), string.Join('\n', second.Events));
        Assert.Contains(first.Events, e => e.Kind == DomainEventKind.FaultInjected);
    }
}
