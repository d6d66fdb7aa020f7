using System.Diagnostics;
using System.Globalization;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Running;

namespace Harness.Benchmarks;

/// <summary>
/// Chaos scenarios per second under the default fault plan with the harness's controller: seeds 1..40 once to warm the
/// JIT, then timed on one thread and on one thread per core. Reports scenarios/s, scheduler steps per scenario and
/// µs per step (wall time over all steps of the batch, divided by the threads).
/// </summary>
internal static class ChaosBenchmark
{
    private const int Seeds = 40;

    public static Task RunAsync()
    {
        var scenarios = Enumerable.Range(1, Seeds).Select(s => Scenario.Generate((ulong)s, FaultPlans.Default)).ToList();
        var runner = new ScenarioRunner(new ScenarioRunnerOptions());
        new ChaosRun(runner, Environment.ProcessorCount).Run(scenarios);
        foreach (var threads in new[] { 1, Environment.ProcessorCount })
        {
            var watch = Stopwatch.StartNew();
            var results = new ChaosRun(runner, threads).Run(scenarios);
            watch.Stop();
            var steps = results.Sum(r => r.Steps);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"chaos ({threads} thread(s), {Seeds} scenarios, default faults): {Seeds / watch.Elapsed.TotalSeconds:0.0} scenarios/s, " +
                $"{steps / Seeds:0} steps/scenario, {watch.Elapsed.TotalMicroseconds * threads / steps:0.0} µs/step, " +
                $"{results.Count(r => !r.Passed)} violating"));
        }

        return Task.CompletedTask;
    }
}
