using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Controller.Restores;
using Harness.Controller.Snapshots;
using Harness.Reconciling;
using k8s;

namespace Harness.Benchmarks.Snapshots;

/// <summary>
/// The snapshot controller (and the restore controller when asked) in this process on real time, on its own client
/// over the environment's HTTPS endpoint (through <see cref="ControllerTraffic"/>); remembers when it first wrote each
/// snapshot Succeeded.
/// </summary>
internal sealed class BenchmarkController : IAsyncDisposable
{
    private readonly ReconcilerHost host;

    private BenchmarkController(ReconcilerHost host) => this.host = host;

    /// <summary>When the controller's write of each snapshot's Succeeded status returned.</summary>
    public Completions Succeeded { get; } = new();

    /// <summary>
    /// Starts the snapshot controller with <paramref name="workers"/> per queue, its requests through <paramref name="traffic"/>, and with
    /// <paramref name="restoreTraffic"/> the restore controller (as many workers) beside it on the same host, on a
    /// client of its own whose requests go through that.
    /// </summary>
    public static async Task<BenchmarkController> StartAsync(string kubeconfig, ControllerTraffic traffic, ControllerTraffic? restoreTraffic = null, int workers = SnapshotControllerOptions.DefaultWorkers)
    {
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        var client = new Kubernetes(configuration, traffic);
        var host = new ReconcilerHost(new ComponentRuntime { Time = TimeProvider.System, Tasks = Task.Factory, Seed = new SimulationSeed(0) });
        var controller = new BenchmarkController(host);
        SnapshotController.Register(host, client, new SnapshotControllerOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            Workers = workers,
            OnSucceeded = snapshot => controller.Succeeded.Record(snapshot.Metadata.Name),
        });
        if (restoreTraffic is not null)
        {
            RestoreController.Register(host, new Kubernetes(configuration, restoreTraffic), new RestoreControllerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Workers = workers });
        }

        await host.StartAsync(CancellationToken.None);
        return controller;
    }

    /// <summary>Waits until <paramref name="count"/> snapshots have succeeded; returns the timestamp of the last.</summary>
    public Task<long> WaitSucceededAsync(int count, TimeSpan within) => Succeeded.WaitAsync(count, within, "snapshots succeeded");

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
