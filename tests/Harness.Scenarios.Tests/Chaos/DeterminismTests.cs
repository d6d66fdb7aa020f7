using System.Text.RegularExpressions;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Running;
using Xunit.Abstractions;

namespace Harness.Scenarios.Tests.Chaos;

public sealed partial class DeterminismTests(ITestOutputHelper output)
{
    private const int Seeds = 20;

    [Fact]
    public async Task Chaos_TwentySeedsTwiceInProcessAndOnceInAnother_SameTraceHashes()
    {
        var runner = new ChaosRun(new ScenarioRunner(new ScenarioRunnerOptions()), parallel: 2);
        var scenarios = Enumerable.Range(1, Seeds).Select(s => Scenario.Generate((ulong)s, FaultPlans.Default)).ToList();

        var first = runner.Run(scenarios);
        var second = runner.Run(scenarios);

        for (var i = 0; i < Seeds; i++)
        {
            Assert.True(first[i].TraceHash == second[i].TraceHash, $"seed {i + 1}: {first[i].TraceHash} then {second[i].TraceHash} in one process");
            Assert.Equal(string.Join('\n', first[i].Events), string.Join('\n', second[i].Events));
        }

        var replays = new List<(int ExitCode, string Output, string Error)>();
        foreach (var pair in Enumerable.Range(1, Seeds).Chunk(2))
        {
            replays.AddRange(await Task.WhenAll(pair.Select(s => HarnessProcess.RunAsync("replay", s.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        }

        for (var i = 0; i < Seeds; i++)
        {
            var hash = TraceLine().Match(replays[i].Output);
            Assert.True(hash.Success, $"seed {i + 1}: harness replay printed no trace line: {replays[i].Output}{replays[i].Error}");
            Assert.True(hash.Groups[1].Value == first[i].TraceHash, $"seed {i + 1}: {first[i].TraceHash} in this process, {hash.Groups[1].Value} in harness replay");
        }

        output.WriteLine(string.Join('\n', first.Select(r => $"seed {r.Scenario.Seed}: {r.TraceHash} {r.Steps} steps, {r.Violations.Count} violations")));
        Assert.True(first.Select(r => r.TraceHash).Distinct().Count() == Seeds, "two seeds ran the same trace");
    }

    [Fact]
    public async Task Replay_TwiceInSeparateProcesses_PrintsTheSameText()
    {
        var once = await HarnessProcess.RunAsync("replay", "3", "--faults", "storage");
        var twice = await HarnessProcess.RunAsync("replay", "3", "--faults", "storage");

        Assert.Contains("trace 0x", once.Output, StringComparison.Ordinal);
        Assert.Equal(once.Output, twice.Output);
        Assert.Equal(once.ExitCode, twice.ExitCode);
    }

    [GeneratedRegex(@"^trace (0x[0-9A-F]{16}),", RegexOptions.Multiline)]
    private static partial Regex TraceLine();
}
