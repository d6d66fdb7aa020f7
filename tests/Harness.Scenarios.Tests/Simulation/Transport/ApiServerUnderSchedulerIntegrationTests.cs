using System.Diagnostics;
using System.Net;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit.Abstractions;

namespace Harness.Scenarios.Tests.Simulation.Transport;

/// <summary>
/// The issue's proof: eight KubernetesClient clients against the API server core, all on the deterministic
/// scheduler with virtual time, replay identically per seed and interleave differently across seeds.
/// </summary>
public sealed class ApiServerUnderSchedulerIntegrationTests(ITestOutputHelper output)
{
    private const string Namespace = "default";
    private const string Finalizer = "harness.test/hold";
    private const int Clients = 8;
    private const int Increments = 3;

    [Fact]
    public void Run_EightClientsUnderFiftySeeds_ReplayIdenticallyAndInterleaveDifferently()
    {
        var wall = Stopwatch.StartNew();
        var runs = new List<RunOutcome>();
        for (var s = 1; s <= 50; s++)
        {
            var seed = new SimulationSeed(0x5EED0000UL + (ulong)s);
            var first = RunWorkload(seed);
            var second = RunWorkload(seed);
            Assert.True(first.TraceHash == second.TraceHash, $"seed {seed}: trace {first.TraceHash} then {second.TraceHash}");
            Assert.Equal(first.History, second.History);
            runs.Add(first);
        }

        output.WriteLine($"100 runs in {wall.Elapsed.TotalSeconds:0.0} s real time; steps per run {runs.Min(r => r.Steps)}..{runs.Max(r => r.Steps)}; " +
            $"conflicts per run {runs.Min(r => r.Conflicts)}..{runs.Max(r => r.Conflicts)}");
        Assert.Equal(runs.Count, runs.Select(r => r.TraceHash).Distinct().Count());
        Assert.True(runs.Select(r => string.Join("|", r.History)).Distinct().Count() > 1, "every seed produced the same history");
        Assert.Contains(runs, r => r.Conflicts > 0);
    }

    [Fact]
    public void Watch_TenMinuteTimeout_EndsAtTenMinutesOfVirtualTime()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(0x600));
        var events = new List<string>();
        var wall = Stopwatch.StartNew();

        scheduler.Run(async () =>
        {
            var client = InProcessKubernetes.CreateClient(scheduler, InProcessKubernetes.CreateServer(scheduler));
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before-watch"), Namespace);
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(Namespace, timeoutSeconds: 600))
            {
                events.Add($"{type} {item.Metadata.Name}");
            }
        });

        output.WriteLine($"virtual {scheduler.TimeProvider.Elapsed}, real {wall.Elapsed.TotalMilliseconds:0} ms, {scheduler.Trace.StepCount} steps");
        Assert.Equal(["Added before-watch"], events);
        Assert.Equal(TimeSpan.FromMinutes(10), scheduler.TimeProvider.Elapsed);
    }

    private static RunOutcome RunWorkload(SimulationSeed seed)
    {
        var scheduler = new DeterministicScheduler(seed);
        var history = new List<string>();
        var conflicts = 0;

        scheduler.Run(async () =>
        {
            var server = InProcessKubernetes.CreateServer(scheduler);
            var clients = Enumerable.Range(0, Clients).Select(_ => InProcessKubernetes.CreateClient(scheduler, server)).ToArray();
            await clients[0].CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("counter", value: 0), Namespace);
            var watchers = new[] { 0, 1 }.Select(w => scheduler.Spawn($"watcher-{w}", async () =>
            {
                await foreach (var (type, item) in clients[w].CoreV1.WatchListNamespacedConfigMapAsync(Namespace, timeoutSeconds: 600))
                {
                    history.Add($"w{w} {type} {item.Metadata.Name} rv{item.Metadata.ResourceVersion}");
                }

                history.Add($"w{w} closed at +{scheduler.TimeProvider.Elapsed}");
            })).ToList();
            var workers = Enumerable.Range(0, Clients).Select(i => scheduler.Spawn($"client-{i}", async () =>
            {
                var api = clients[i].CoreV1;
                var mine = $"cm-{i}";
                await api.CreateNamespacedConfigMapAsync(ConfigMap(mine, finalizer: true), Namespace);
                for (var n = 0; n < Increments; n++)
                {
                    while (true)
                    {
                        var counter = await api.ReadNamespacedConfigMapAsync("counter", Namespace);
                        counter.Data["value"] = (int.Parse(counter.Data["value"], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        try
                        {
                            await api.ReplaceNamespacedConfigMapAsync(counter, "counter", Namespace);
                            history.Add($"c{i} incremented to {counter.Data["value"]}");
                            break;
                        }
                        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                        {
                            conflicts++;
                            history.Add($"c{i} conflict");
                        }
                    }
                }

                await api.DeleteNamespacedConfigMapAsync(mine, Namespace);
                var held = await api.ReadNamespacedConfigMapAsync(mine, Namespace);
                Assert.NotNull(held.Metadata.DeletionTimestamp);
                held.Metadata.Finalizers.Remove(Finalizer);
                await api.ReplaceNamespacedConfigMapAsync(held, mine, Namespace);
                var gone = await Assert.ThrowsAsync<HttpOperationException>(() => api.ReadNamespacedConfigMapAsync(mine, Namespace));
                Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
            })).ToList();

            await Task.WhenAll(workers);
            var final = await clients[0].CoreV1.ReadNamespacedConfigMapAsync("counter", Namespace);
            Assert.Equal((Clients * Increments).ToString(System.Globalization.CultureInfo.InvariantCulture), final.Data["value"]);
            await Task.WhenAll(watchers);
        });

        Assert.Equal(TimeSpan.FromMinutes(10), scheduler.TimeProvider.Elapsed);
        foreach (var w in new[] { 0, 1 })
        {
            var seen = history.Where(h => h.StartsWith($"w{w} ", StringComparison.Ordinal)).ToList();
            Assert.All(Enumerable.Range(0, Clients), i => Assert.Contains(seen, h => h.StartsWith($"w{w} Deleted cm-{i} ", StringComparison.Ordinal)));
            Assert.Equal($"w{w} closed at +00:10:00", seen[^1]);
        }

        return new RunOutcome(scheduler.Trace.HashText, scheduler.Trace.StepCount, conflicts, history);
    }

    private static V1ConfigMap ConfigMap(string name, int? value = null, bool finalizer = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Finalizers = finalizer ? [Finalizer] : null },
        Data = value is { } v ? new Dictionary<string, string> { ["value"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
    };

    private sealed record RunOutcome(string TraceHash, long Steps, int Conflicts, List<string> History);
}
