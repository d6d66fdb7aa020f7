namespace Harness.Scenarios.Running;

/// <summary>
/// Runs many scenarios on <paramref name="parallel"/> threads of its own, each run on its own deterministic scheduler;
/// the results come back in the order of the scenarios, whatever the threads' timing.
/// </summary>
public sealed class ChaosRun(ScenarioRunner runner, int parallel)
{
    /// <param name="completed">Called after each run, on the thread that ran it.</param>
    public IReadOnlyList<ScenarioResult> Run(IReadOnlyList<Scenario> scenarios, Action<ScenarioResult>? completed = null)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var results = new ScenarioResult[scenarios.Count];
        var next = -1;
        var threads = Enumerable.Range(0, Math.Clamp(parallel, 1, Math.Max(1, scenarios.Count)))
#pragma warning disable RS0030 // composition root of parallel runs: a thread of its own per run, on which each run's deterministic scheduler runs
            .Select(i => new Thread(() =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < scenarios.Count)
                {
                    results[index] = runner.Run(scenarios[index]);
                    completed?.Invoke(results[index]);
                }
            })
            {
                Name = $"chaos-{i}",
                IsBackground = true,
            })
            .ToList();
#pragma warning restore RS0030
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return results;
    }
}
