using System.Collections.Concurrent;
using System.Diagnostics;
using Harness.Controller.Snapshots;
using Harness.Reconciling;
using k8s;

namespace Harness.Benchmarks.Snapshots;

/// <summary>
/// The snapshot controller in this process on real time, on its own client over the environment's HTTPS endpoint
/// (through <see cref="ControllerTraffic"/>); remembers when it first wrote each snapshot Succeeded.
/// </summary>
internal sealed class BenchmarkController : IAsyncDisposable
{
    private readonly ReconcilerHost host;

    private BenchmarkController(ReconcilerHost host) => this.host = host;

    /// <summary>The timestamp (<see cref="Stopwatch"/>) at which the controller's write of each snapshot's Succeeded status returned.</summary>
    public ConcurrentDictionary<string, long> Succeeded { get; } = new(StringComparer.Ordinal);

    public static async Task<BenchmarkController> StartAsync(string kubeconfig, ControllerTraffic traffic)
    {
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig), traffic);
        var host = new ReconcilerHost(Task.Factory, TimeProvider.System);
        var controller = new BenchmarkController(host);
        SnapshotController.Register(host, client, new SnapshotControllerOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            OnSucceeded = snapshot => controller.Succeeded.TryAdd(snapshot.Metadata.Name, Stopwatch.GetTimestamp()),
        });
        await host.StartAsync(CancellationToken.None);
        return controller;
    }

    /// <summary>Waits until <paramref name="count"/> snapshots have succeeded; returns the timestamp of the last.</summary>
    public async Task<long> WaitSucceededAsync(int count, TimeSpan within)
    {
        var started = Stopwatch.GetTimestamp();
        while (Succeeded.Count < count)
        {
            if (Stopwatch.GetElapsedTime(started) > within)
            {
                throw new TimeoutException($"{Succeeded.Count} of {count} snapshots succeeded within {within}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2));
        }

        return Succeeded.Values.Max();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
