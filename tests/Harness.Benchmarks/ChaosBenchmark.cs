using System.Diagnostics;
using System.Globalization;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Running;

namespace Harness.Benchmarks;

/// <summary>
/// Chaos scenarios per second under the default fault plan with the harness's controller: seeds 1..40 once to warm the
/// JIT, then timed on one thread and on one thread per core. Reports scenarios/s by wall time and by the process's CPU
/// time (the figure that holds on a machine shared with other work), scheduler steps and API requests per scenario,
/// µs of CPU per step, and API requests per second.
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
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var pauseBefore = GC.GetTotalPauseDuration();
            var runThreads = new ThreadCpu();
            var collectionsBefore = GC.CollectionCount(0);
            var watch = Stopwatch.StartNew();
            var results = new ChaosRun(runner, threads).Run(scenarios, _ => runThreads.Record());
            watch.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var steps = results.Sum(r => r.Steps);
            var requests = results.Sum(r => r.ApiRequests);
            var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)Seeds;
            var pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
            var runs = runThreads.Seconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"chaos ({threads} thread(s), {Seeds} scenarios, default faults): {Seeds / watch.Elapsed.TotalSeconds:0.0} scenarios/s wall, " +
                $"{Seeds / cpu:0.0} scenarios per CPU-second ({cpu:0.0} s CPU in {watch.Elapsed.TotalSeconds:0.0} s), " +
                $"{steps / Seeds:0} steps and {requests / Seeds:0} API requests per scenario, {cpu * 1e6 / steps:0.0} µs CPU per step, " +
                $"{requests / watch.Elapsed.TotalSeconds:0} API requests/s wall ({requests / cpu:0} per CPU-second), " +
                $"{results.Average(r => r.VirtualTime.TotalSeconds):0} s virtual per scenario, {results.Count(r => !r.Passed)} violating; " +
                $"{allocated / 1e6:0.0} MB allocated per scenario, {GC.CollectionCount(0) - collectionsBefore} GCs pausing {pause:0.0} s; " +
                $"the run threads {runs:0.0} s CPU ({Seeds / runs:0.0} scenarios per CPU-second, {runs * 1e6 / steps:0.0} µs per step), " +
                $"the runtime's background threads (tiered JIT, GC) {cpu - runs:0.0} s"));
        }

        return Task.CompletedTask;
    }
}
