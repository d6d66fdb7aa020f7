using Harness.Scenarios.Faults;
using Harness.Scenarios.Reporting;
using Harness.Scenarios.Running;
using Spectre.Console;

namespace Harness.Scenarios.Cli;

/// <summary>
/// <c>harness chaos --transport live</c> and <c>--kubeconfig</c>: the scenarios of the seeds, one at a time, over real
/// transports and processes (<see cref="LiveScenarioRunner"/>), with the simulated runs' progress bar, table and report.
/// A run that cannot start (an unreachable cluster, a process that does not come up) ends the campaign with what went
/// wrong and exit code 1.
/// </summary>
internal sealed class LiveChaos(string? kubeconfig, bool controllerProcess)
{
    public async Task<int> RunAsync(SeedSelection selection, FaultPlan plan, string outDirectory, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
#pragma warning disable RS0030 // composition root of the live runs: real time and the thread pool, as the processes run
        var time = TimeProvider.System;
        var runner = new LiveScenarioRunner(new LiveScenarioRunnerOptions { Time = time, Tasks = Task.Factory, Kubeconfig = kubeconfig, ControllerProcess = controllerProcess });
#pragma warning restore RS0030
        var scenarios = selection.Seeds().Select(s => Scenario.Generate(s, plan)).ToList();
        var started = time.GetTimestamp();
        var results = new List<ScenarioResult>();
        string? failedToStart = null;
        await console.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var task = progress.AddTask($"{scenarios.Count} live runs ({plan.Name} faults{(kubeconfig is null ? "" : $", {kubeconfig}")})", maxValue: Math.Max(1, scenarios.Count));
            foreach (var scenario in scenarios)
            {
                try
                {
                    results.Add(await runner.RunAsync(scenario, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failedToStart = $"harness chaos: the live run of seed {scenario.Seed} could not start{(kubeconfig is null ? "" : $" on the cluster of {kubeconfig}")}: {e.Message}";
                    return;
                }

                task.Increment(1);
                task.Description = $"{results.Count}/{scenarios.Count} live runs, {results.Count(r => !r.Passed)} violating";
            }
        });
        if (failedToStart is not null)
        {
            await error.WriteLineAsync(failedToStart);
            return 1;
        }

        var report = await ChaosCommand.ReportAsync(console, plan, results, outDirectory, f => Again(f.Seed, plan), cancellationToken);
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        console.MarkupLineInterpolated(
            $"[grey]{results.Count} live runs in {seconds:0.0} s, {results.Sum(r => r.ApiRequests)} API requests, {results.Sum(r => r.FrozenCutsRead)} frozen cuts read from disk bytes; not deterministic: `harness replay` runs a seed on the simulation instead; report: {Path.Combine(outDirectory, ChaosReport.FileName)}[/]");
        return report.Passed ? 0 : 1;
    }

    /// <summary>The command that runs a seed live again (not deterministic: it may pass).</summary>
    private string Again(ulong seed, FaultPlan plan) =>
        $"harness chaos --transport live --seed {seed}{(plan.Name == FaultPlans.DefaultName ? "" : $" --faults {plan.Name}")}"
        + (kubeconfig is null ? "" : $" --kubeconfig {kubeconfig}{(controllerProcess ? "" : " --controller none")}");
}
