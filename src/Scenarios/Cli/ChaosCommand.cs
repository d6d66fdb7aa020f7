using System.CommandLine;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Reporting;
using Harness.Scenarios.Running;
using Spectre.Console;

namespace Harness.Scenarios.Cli;

/// <summary>
/// <c>harness chaos [--seeds N | --seed S] [--faults PLAN] [--transport sim|live] [--kubeconfig PATH] [--controller process|none]
/// [--parallel N] [--shard K/N] [--out DIR]</c>: runs generated scenarios on the deterministic simulation (or over the real
/// transports and processes: <see cref="LiveChaos"/>) with a live progress bar, then prints a table per invariant and, for
/// each failing seed, what it violated, the case, the replay command and its timeline file. Exits 0 only when nothing was
/// violated.
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
        var transport = new Option<string>("--transport")
        {
            Description = "sim (deterministic, in-process) or live (a fresh embedded API server per run, the CSI drivers, guest agents and controller as processes, real time)",
            HelpName = "sim|live",
            DefaultValueFactory = _ => "sim",
        };
        transport.AcceptOnlyFromAmong("sim", "live");
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Run live against the cluster of this kubeconfig: the harness's simulators (and controller) run beside it; each run's world is deleted again after it",
            HelpName = "PATH",
        };
        var controller = new Option<string>("--controller")
        {
            Description = "Live runs: process (the harness-controller process) or none (your own controller serves the --kubeconfig cluster)",
            HelpName = "process|none",
            DefaultValueFactory = _ => "process",
        };
        controller.AcceptOnlyFromAmong("process", "none");
        var parallel = new Option<int>("--parallel") { Description = "Simulated runs at once (one thread each); live runs go one at a time", HelpName = "N", DefaultValueFactory = _ => Environment.ProcessorCount, CustomParser = r => CliValues.PositiveInt(r, "--parallel") };
        var shard = new Option<(int Shard, int Shards)>("--shard") { Description = "Run the K-th of N equal parts of the seeds", HelpName = "K/N", DefaultValueFactory = _ => (1, 1), CustomParser = CliValues.Shard };
        var output = new Option<string>("--out") { Description = "Where the report and the timelines go", HelpName = "DIR", DefaultValueFactory = _ => DefaultOut };
        output.AcceptLegalFilePathsOnly();
        var command = new Command("chaos", "Run generated snapshot/restore scenarios under faults and check the invariants")
        {
            seeds, seed, faults, transport, kubeconfig, controller, parallel, shard, output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(seeds) is { Implicit: false } && result.GetResult(seed) is not null)
            {
                result.AddError("--seeds and --seed exclude each other: give a count or one seed");
            }

            if (result.GetValue(kubeconfig) is { } path)
            {
                if (result.GetResult(transport) is { Implicit: false } && result.GetValue(transport) == "sim")
                {
                    result.AddError("--kubeconfig runs scenarios over real transports against that cluster: use it with --transport live (or without --transport)");
                }

                if (!File.Exists(path))
                {
                    result.AddError($"--kubeconfig: there is no file '{path}'");
                }
            }
            else if (result.GetValue(controller) == "none")
            {
                result.AddError("--controller none leaves the snapshots to your own controller, which needs a cluster it can reach: give --kubeconfig");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var selection = parse.GetValue(seed) is { } one
                ? new SeedSelection(one, 1, 1, 1)
                : new SeedSelection(1, (ulong)parse.GetValue(seeds), parse.GetValue(shard).Shard, parse.GetValue(shard).Shards);
            var plan = parse.GetValue(faults)!;
            var outDirectory = parse.GetRequiredValue(output);
            var console = ConsoleFor(parse.InvocationConfiguration.Output);
            if (parse.GetValue(transport) == "live" || parse.GetValue(kubeconfig) is not null)
            {
                var live = new LiveChaos(parse.GetValue(kubeconfig), parse.GetValue(controller) == "process");
                return live.RunAsync(selection, plan, outDirectory, console, parse.InvocationConfiguration.Error, cancellationToken);
            }

            return RunAsync(selection, plan, parse.GetValue(parallel), outDirectory, runner, console, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        SeedSelection selection, FaultPlan plan, int parallel, string outDirectory, ScenarioRunnerOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
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

        var report = await ReportAsync(console, plan, results, outDirectory, replay: null, cancellationToken);
        var seconds = clock.GetElapsedTime(started).TotalSeconds;
        console.MarkupLineInterpolated(
            $"[grey]{results.Count} runs in {seconds:0.0} s ({results.Count / seconds:0.0} runs/s), {results.Sum(r => r.Steps)} steps, {results.Sum(r => r.ApiRequests)} API requests, {results.Sum(r => r.FrozenCutsRead)} frozen cuts read from disk bytes; report: {Path.Combine(outDirectory, ChaosReport.FileName)}[/]");
        return report.Passed ? 0 : 1;
    }

    /// <summary>Writes the campaign's report and the failing runs' timelines to <paramref name="outDirectory"/> and prints the report.</summary>
    /// <param name="replay">The command that runs a failure again, when it is not <c>harness replay</c>.</param>
    internal static async Task<ChaosReport> ReportAsync(
        IAnsiConsole console, FaultPlan plan, IReadOnlyList<ScenarioResult> results, string outDirectory, Func<FailureRecord, string>? replay, CancellationToken cancellationToken)
    {
        var report = ChaosReport.From(plan.Name, results, result => TimelineFile(outDirectory, result));
        if (replay is not null)
        {
            report = report with { Failures = [.. report.Failures.Select(f => f with { Replay = replay(f) })] };
        }

        await report.SaveAsync(outDirectory, cancellationToken);
        ReportPrinter.Print(console, report, outDirectory);
        return report;
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
