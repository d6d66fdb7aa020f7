using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Scenarios.Cli;
using Harness.Scenarios.Reporting;

namespace Harness.Scenarios.Tests.Chaos;

public sealed class ChaosCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("harness-chaos-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("chaos --faults lightning", "unknown fault plan 'lightning'; known plans: default, none, guest, storage, crashes, api")]
    [InlineData("chaos --seed 12x", "--seed must be a seed (a decimal number, or 0x and up to 16 hex digits), not '12x'")]
    [InlineData("chaos --shard 3/2", "--shard must be K/N with 1 <= K <= N (e.g. 3/8), not '3/2'")]
    [InlineData("chaos --seeds 0", "--seeds must be a whole number of at least 1, not '0'")]
    [InlineData("chaos --seeds 3 --seed 4", "--seeds and --seed exclude each other")]
    [InlineData("chaos --kubeconfig /nowhere/kubeconfig", "--kubeconfig: there is no file '/nowhere/kubeconfig'")]
    [InlineData("chaos --transport sim --kubeconfig /etc/hostname", "--kubeconfig runs scenarios over real transports against that cluster: use it with --transport live")]
    [InlineData("chaos --transport live --controller none", "--controller none leaves the snapshots to your own controller, which needs a cluster it can reach: give --kubeconfig")]
    [InlineData("chaos --transport carrier-pigeon", "carrier-pigeon")]
    [InlineData("replay", "give a SEED or --case FILE")]
    [InlineData("replay 0xZZ", "SEED must be a seed")]
    [InlineData("report /nowhere/at/all", "/nowhere/at/all holds no report.json")]
    public async Task RunAsync_BadInput_SaysWhatIsWrongAndExitsNonZero(string arguments, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await HarnessCommandLine.RunAsync(arguments.Split(' '), [], output, error);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chaos")]
    [InlineData("replay")]
    public async Task Help_ShowsTheDefaultFaultPlanByName(string command)
    {
        using var output = new StringWriter();

        var exitCode = await HarnessCommandLine.RunAsync([command, "--help"], [], output, TextWriter.Null);

        Assert.Equal(0, exitCode);
        var line = output.ToString().Split('\n').Single(l => l.Contains("--faults", StringComparison.Ordinal));
        Assert.Contains("[default: default]", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OfTwoShards_EqualsTheReportOfOneRun()
    {
        var whole = Path.Combine(directory, "whole");
        var shards = new[] { Path.Combine(directory, "shard1"), Path.Combine(directory, "shard2") };
        using var wholeOutput = new StringWriter();

        var wholeExit = await HarnessCommandLine.RunAsync(["chaos", "--seeds", "4", "--out", whole], [], wholeOutput, TextWriter.Null);
        var shardExits = new[] { await RunAsync("chaos", "--seeds", "4", "--shard", "1/2", "--out", shards[0]), await RunAsync("chaos", "--seeds", "4", "--shard", "2/2", "--out", shards[1]) };
        using var printed = new StringWriter();
        var reportExit = await HarnessCommandLine.RunAsync(["report", .. shards], [], printed, TextWriter.Null);

        var single = await ChaosReport.LoadAsync(whole);
        var merged = ChaosReport.Merge([await ChaosReport.LoadAsync(shards[0]), await ChaosReport.LoadAsync(shards[1])]);
        Assert.Equal(single.Canonical(), merged.Canonical());
        Assert.Equal(4, single.Runs);
        Assert.Equal([2L, 2L], (await Task.WhenAll(shards.Select(s => ChaosReport.LoadAsync(s)))).Select(r => r.Runs));
        Assert.Equal(single.Passed ? 0 : 1, wholeExit);
        Assert.Equal(wholeExit, reportExit);
        Assert.All(shardExits, exit => Assert.InRange(exit, 0, 1));
        Assert.All(single.Invariants, tally => Assert.Contains(tally.Name, printed.ToString(), StringComparison.Ordinal));
        Assert.All(single.Failures, failure => Assert.Contains($"harness replay {failure.Seed}", printed.ToString(), StringComparison.Ordinal));
        var frozenCutsRead = Regex.Match(Regex.Replace(wholeOutput.ToString(), @"\x1b\[[0-9;]*m", "").ReplaceLineEndings(" "), @"(\d+) frozen cuts\s+read from disk bytes");
        Assert.True(frozenCutsRead.Success, wholeOutput.ToString());
        Assert.InRange(int.Parse(frozenCutsRead.Groups[1].Value, CultureInfo.InvariantCulture), 1, int.MaxValue);
    }

    private static Task<int> RunAsync(params string[] arguments) => HarnessCommandLine.RunAsync(arguments, [], TextWriter.Null, TextWriter.Null);
}
