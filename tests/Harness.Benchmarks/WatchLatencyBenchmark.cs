using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using k8s;

namespace Harness.Benchmarks;

/// <summary>
/// Delivery latency of watch events to 100 KubernetesClient watchers over HTTPS: a writer stamps each update with
/// <see cref="Stopwatch.GetTimestamp"/>; each watcher measures the time from the write's start to the event's arrival.
/// </summary>
internal static class WatchLatencyBenchmark
{
    private const int Watchers = 100;
    private const int Events = 200;
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync()
    {
        await using var server = new ApiServer(new ApiServerOptions { RunControllers = false });
        await BenchmarkObjects.InstallSnapshotCrdAsync(server);
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            Backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { Handler = server, Random = new Random(3) }),
            CrdInstallOptions = new CrdInstallOptions { Crds = [] },
        });
        var config = await environment.StartAsync();
        var writer = new Kubernetes(config);
        var created = await writer.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
            BenchmarkObjects.Snapshot("watched"), BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Namespace, BenchmarkObjects.Plural);

        var latencies = new List<double>[Watchers];
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(Watchers);
        var watchers = Enumerable.Range(0, Watchers).Select(w =>
        {
            latencies[w] = new List<double>(Events);
            var client = new Kubernetes(config);
            var generic = new GenericClient(client, BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Plural);
            return Task.Run(async () =>
            {
                var signalled = false;
                try
                {
                    await foreach (var (type, obj) in generic.WatchNamespacedAsync<SnapshotObject>(BenchmarkObjects.Namespace, cancel: stop.Token))
                    {
                        var arrived = Stopwatch.GetTimestamp();
                        if (!signalled)
                        {
                            signalled = true;
                            ready.Signal();
                        }

                        if (type == WatchEventType.Modified && obj.Metadata.Annotations.TryGetValue("bench.harness/sent", out var sent))
                        {
                            var start = long.Parse(sent, CultureInfo.InvariantCulture);
                            latencies[w].Add(Stopwatch.GetElapsedTime(start, arrived).TotalMilliseconds);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }).ToList();

        // Each watcher's first event is the synthetic ADDED of the existing object.
        var current = JsonNode.Parse(created.GetRawText())!.AsObject();
        if (!ready.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("not every watcher received its first event");
        }

        for (var i = 0; i < Events; i++)
        {
            current = await UpdateAsync(writer, current, sent: Stopwatch.GetTimestamp());
            await Task.Delay(Spacing);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(watchers);

        var all = latencies.SelectMany(l => l).OrderBy(v => v).ToArray();
        var expected = Watchers * Events;
        var p50 = all[all.Length / 2];
        var p99 = all[(int)Math.Ceiling(all.Length * 0.99) - 1];
        Report.Line($"watch delivery p99, {Watchers} watchers (HTTPS)", p99, "ms", "< 5 ms", p99 < 5);
        Report.Note(FormattableString.Invariant($"p50 {p50:0.00} ms, max {all[^1]:0.00} ms, {all.Length} of {expected} events received"));
    }

    private static async Task<JsonObject> UpdateAsync(Kubernetes writer, JsonObject current, long sent)
    {
        current["metadata"]!["annotations"]!["bench.harness/sent"] = sent.ToString(CultureInfo.InvariantCulture);

        var updated = await writer.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonElement>(
            current, BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Namespace, BenchmarkObjects.Plural, current["metadata"]!["name"]!.GetValue<string>());
        return JsonNode.Parse(updated.GetRawText())!.AsObject();
    }
}
