using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Benchmarks.Http;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.InProcess;
using k8s;

namespace Harness.Benchmarks;

/// <summary>
/// Delivery latency of watch events to 100 watchers, each receiving every event:
/// one writer updates a 2 KiB object every 20 ms; each watcher stamps the event once it holds it decoded. The latency
/// runs from the moment the API server core starts handling the update (before the commit, see <see cref="CommitStamps"/>)
/// to that stamp. Measured five times on one server: KubernetesClient watchers over HTTPS (HTTP/2, its default), each with
/// its own client and connection as separate processes would have; the same watchers sharing one client, as watchers in
/// one process do (one HTTP/2 connection, a stream each); the same with HTTP/1.1 (<c>DisableHttp2</c>), <see cref="DecodingWatcher"/>s (HTTP/2, fewer client-side copies), and KubernetesClient watchers served in-process through
/// <see cref="ApiServerMessageHandler"/> (no socket, no TLS); the clients share this process and its 2 cores with the server.
/// Each run first sends rounds of warm-up updates until the JIT settles (<see cref="JitWarmUp"/>); those are not counted.
/// </summary>
internal static class WatchLatencyBenchmark
{
    private const int Watchers = 100;
    private const int WarmUpRoundEvents = 50;
    private const int MaxWarmUpEvents = JitWarmUp.MaxRounds * WarmUpRoundEvents;
    private const int Events = 200;
    private const string Sequence = "bench.harness/sequence";
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(20);

    private delegate Task WatchAsync(Action<string, SnapshotObject> received, CancellationToken cancellationToken);

    public static async Task RunAsync()
    {
        await using var server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, RunControllers = false });
        await BenchmarkObjects.InstallSnapshotCrdAsync(server);
        var stamps = new CommitStamps(server, 4 * (MaxWarmUpEvents + Events));
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            Backend = new EmbeddedApiServerBackend(new EmbeddedApiServerBackendOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Handler = stamps, Random = new Random(3) }),
            CrdInstallOptions = new CrdInstallOptions { Crds = [] },
        });
        var config = await environment.StartAsync();
        var writer = new Kubernetes(config);
        var created = await writer.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
            BenchmarkObjects.Snapshot("watched"), BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Namespace, BenchmarkObjects.Plural);
        var current = JsonNode.Parse(created.GetRawText())!.AsObject();

        current = await MeasureAsync("KubernetesClient watchers", writer, current, stamps, () => KubernetesClientWatch(new Kubernetes(config)));
        var shared = new Kubernetes(config);
        current = await MeasureAsync("KubernetesClient watchers sharing one client", writer, current, stamps, () => KubernetesClientWatch(shared));
        var http11 = KubernetesClientConfiguration.BuildConfigFromConfigFile(environment.KubeconfigPath);
        http11.DisableHttp2 = true;
        current = await MeasureAsync("KubernetesClient watchers, HTTP/1.1", writer, current, stamps, () => KubernetesClientWatch(new Kubernetes(http11)));
        current = await MeasureAsync("decoding watchers", writer, current, stamps, () =>
        {
            var watcher = new DecodingWatcher(config);
            return (received, cancellationToken) => watcher.RunAsync(BenchmarkObjects.CollectionPath, e => received(e.Type, e.Object), cancellationToken);
        });
        await MeasureAsync("in-process KubernetesClient watchers", writer, current, stamps, () =>
            KubernetesClientWatch(new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, new ApiServerMessageHandler(stamps))));
    }

    private static WatchAsync KubernetesClientWatch(Kubernetes client)
    {
        var generic = new GenericClient(client, BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Plural);
        return async (received, cancellationToken) =>
        {
            await foreach (var (type, obj) in generic.WatchNamespacedAsync<SnapshotObject>(BenchmarkObjects.Namespace, cancel: cancellationToken))
            {
                received(type.ToString(), obj);
            }
        };
    }

    private static async Task<JsonObject> MeasureAsync(string clients, Kubernetes writer, JsonObject current, CommitStamps stamps, Func<WatchAsync> connect)
    {
        var first = stamps.Count;
        var arrivals = new long[Watchers][];
        using var stop = new CancellationTokenSource();
        using var ready = new CountdownEvent(Watchers);
        var watchers = Enumerable.Range(0, Watchers).Select(w =>
        {
            arrivals[w] = new long[MaxWarmUpEvents + Events];
            var watch = connect();
            return Task.Run(async () =>
            {
                var signalled = false;
                try
                {
                    await watch(
                        (type, obj) =>
                        {
                            var arrived = Stopwatch.GetTimestamp();
                            if (!signalled)
                            {
                                signalled = true;
                                ready.Signal();
                            }

                            if (type is "Modified" or "MODIFIED" && obj.Metadata.Annotations.TryGetValue(Sequence, out var sequence))
                            {
                                arrivals[w][int.Parse(sequence, CultureInfo.InvariantCulture) - first] = arrived;
                            }
                        },
                        stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            });
        }).ToList();

        // Each watcher's first event is the synthetic ADDED of the existing object.
        if (!ready.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("not every watcher received its first event");
        }

        var sent = 0;
        var rounds = await JitWarmUp.UntilSettledAsync(async _ =>
        {
            for (var end = sent + WarmUpRoundEvents; sent < end; sent++)
            {
                current = await UpdateAsync(writer, current, first + sent);
                await Task.Delay(Spacing);
            }
        });
        var warmUpEvents = sent;
        var cpu = Report.CpuTime();
        for (; sent < warmUpEvents + Events; sent++)
        {
            current = await UpdateAsync(writer, current, first + sent);
            await Task.Delay(Spacing);
        }

        cpu = Report.CpuTime() - cpu;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(watchers);

        var all = new List<double>(Watchers * Events);
        var handling = new List<double>(Events);
        for (var i = warmUpEvents; i < warmUpEvents + Events; i++)
        {
            handling.Add(stamps.Handling(first + i).TotalMilliseconds);
            foreach (var arrival in arrivals)
            {
                if (arrival[i] != 0)
                {
                    all.Add(Stopwatch.GetElapsedTime(stamps.Before(first + i), arrival[i]).TotalMilliseconds);
                }
            }
        }

        all.Sort();
        handling.Sort();
        var p50 = all[all.Count / 2];
        var p99 = all[(int)Math.Ceiling(all.Count * 0.99) - 1];
        Report.Line($"watch delivery p99, {Watchers} {clients}", p99, "ms", "< 5 ms", p99 < 5);
        Report.Note(FormattableString.Invariant(
            $"p50 {p50:0.00} ms, max {all[^1]:0.00} ms, {all.Count} of {Watchers * Events} events received; the update's own handling (interval start to commit and answer): median {handling[handling.Count / 2]:0.00} ms"));
        Report.Note(FormattableString.Invariant(
            $"{cpu.TotalMilliseconds / Events:0.00} ms CPU per event delivered to {Watchers} watchers (server and clients in this process); warm-up: {rounds} rounds of {WarmUpRoundEvents} updates; load average {Report.LoadAverage()}"));
        return current;
    }

    private static async Task<JsonObject> UpdateAsync(Kubernetes writer, JsonObject current, int sequence)
    {
        current["metadata"]!["annotations"]![Sequence] = sequence.ToString(CultureInfo.InvariantCulture);
        var updated = await writer.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonElement>(
            current, BenchmarkObjects.Group, BenchmarkObjects.Version, BenchmarkObjects.Namespace, BenchmarkObjects.Plural, current["metadata"]!["name"]!.GetValue<string>());
        return JsonNode.Parse(updated.GetRawText())!.AsObject();
    }
}
