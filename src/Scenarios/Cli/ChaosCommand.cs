using System.CommandLine;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Reporting;
using Harness.Scenarios.Running;
using Spectre.Console;

namespace Harness.Scenarios.Cli;

/// <summary>
/// <c>harness chaos [--seeds N | --seed S] [--faults PLAN] [--parallel N] [--shard K/N] [--out DIR]</c>: runs generated
/// scenarios on the deterministic simulation with a live progress bar, then prints a table per invariant and, for each
/// failing seed, what it violated, the case, the replay command and its timeline file. Exits 0 only when nothing was violated.
/// </summary>
internal static class ChaosCommand
{
    /// <summary>Seeds run without <c>--seeds</c>: about a minute on two idle cores (docs/performance.md, "Chaos scenarios").</summary>
    public const int DefaultSeeds = 100;
    public const string DefaultOut = ".harness/chaos";

    public static Command Create(ScenarioRunnerOptions runner)
    {
        var seeds = new Option<int>("--seeds") { Description = "Run seeds 1..N", HelpName = "N", DefaultValueFactory = _ => DefaultSeeds, CustomParser = r => CliValues.PositiveInt(r, "--seeds") };
        var seed = new Option<ulong?>("--seed") { Description = "Run this one seed", HelpName = "S", CustomParser = r => CliValues.Seed(r, "--seed") };
        var faults = new Option<FaultPlan>("--faults")
        {
            Description = $"Fault plan: {string.Join(", ", FaultPlans.All.Select(p => p.Name))}",
            HelpName = "PLAN",
            DefaultValueFactory = _ => FaultPlans.Default,
            CustomParser = CliValues.Plan,
        };
        var transport = new Option<string>("--transport") { Description = "sim (deterministic, in-process) or live", HelpName = "sim|live", DefaultValueFactory = _ => "sim" };
        transport.AcceptOnlyFromAmong("sim", "live");
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Run against the cluster of this kubeconfig (live transport)", HelpName = "PATH" };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (one thread each)", HelpName = "N", DefaultValueFactory = _ => Environment.ProcessorCount, CustomParser = r => CliValues.PositiveInt(r, "--parallel") };
        var shard = new Option<(int Shard, int Shards)>("--shard") { Description = "Run the K-th of N equal parts of the seeds", HelpName = "K/N", DefaultValueFactory = _ => (1, 1), CustomParser = CliValues.Shard };
        var output = new Option<string>("--out") { Description = "Where the report and the timelines go", HelpName = "DIR", DefaultValueFactory = _ => DefaultOut };
        output.AcceptLegalFilePathsOnly();
        var command = new Command("chaos", "Run generated snapshot/restore scenarios under faults and check the invariants")
        {
            seeds, seed, faults, transport, kubeconfig, parallel, shard, output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(seeds) is { Implicit: false } && result.GetResult(seed) is not null)
            {
                result.AddError("--seeds and --seed exclude each other: give a count or one seed");
            }

            if (result.GetValue(transport) == "live" || result.GetResult(kubeconfig) is not null)
            {
                result.AddError("--transport live and --kubeconfig are not available yet: this build runs scenarios on the deterministic simulation only (--transport sim)");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var selection = parse.GetValue(seed) is { } one
                ? new SeedSelection(one, 1, 1, 1)
                : new SeedSelection(1, (ulong)parse.GetValue(seeds), parse.GetValue(shard).Shard, parse.GetValue(shard).Shards);
            return RunAsync(selection, parse.GetValue(faults)!, parse.GetValue(parallel), parse.GetRequiredValue(output), runner, parse.InvocationConfiguration.Output, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        SeedSelection selection, FaultPlan plan, int parallel, string outDirectory, ScenarioRunnerOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var console = ConsoleFor(output);
        var scenarios = selection.Seeds().Select(s => Scenario.Generate(s, plan)).ToList();
#pragma warning disable RS0030 // composition root of harness chaos: wall-clock time of the whole run, for its report
        var clock = TimeProvider.System;
#pragma warning restore RS0030
        var started = clock.GetTimestamp();
        var violated = 0;
        IReadOnlyList<ScenarioResult> results = [];
        console.Progress().AutoClear(false).Start(progress =>
        {
            var task = progress.AddTask($"{scenarios.Count} runs ({plan.Name} faults)", maxValue: Math.Max(1, scenarios.Count));
            results = new ChaosRun(new ScenarioRunner(options), parallel).Run(scenarios, result =>
            {
                lock (task)
                {
                    violated += result.Passed ? 0 : 1;
                    task.Increment(1);
                    var seconds = Math.Max(0.001, clock.GetElapsedTime(started).TotalSeconds);
                    task.Description = $"{task.Value:0}/{scenarios.Count} runs, {violated} violating, {task.Value / seconds:0.0} runs/s";
                }
            });
        });

        var report = ChaosReport.From(plan.Name, results, result => TimelineFile(outDirectory, result));
        await report.SaveAsync(outDirectory, cancellationToken);
        ReportPrinter.Print(console, report, outDirectory);
        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        console.MarkupLineInterpolated(
            $"[grey]{results.Count} runs in {seconds:0.0} s ({results.Count / seconds:0.0} runs/s), {results.Sum(r => r.Steps)} steps, {results.Sum(r => r.ApiRequests)} API requests; report: {Path.Combine(outDirectory, ChaosReport.FileName)}[/]");
        return report.Passed ? 0 : 1;
    }

    private static string TimelineFile(string outDirectory, ScenarioResult result)
    {
        Directory.CreateDirectory(outDirectory);
        var name = $"timeline-{result.Scenario.Seed}.html";
        File.WriteAllText(Path.Combine(outDirectory, name), TimelineWriter.Write(result));
        return name;
    }

    internal static IAnsiConsole ConsoleFor(TextWriter output) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
}
