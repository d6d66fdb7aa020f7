using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Reconciling;
using k8s;
using k8s.Models;

namespace Harness.Benchmarks;

/// <summary>
/// A watch, on the benchmark's own client (its requests are not the controller's), on one kind of object: records in
/// <see cref="Done"/> when each first satisfies a condition.
/// </summary>
internal sealed class CompletionWatch : IAsyncDisposable
{
    private readonly ReconcilerHost host;

    private CompletionWatch(ReconcilerHost host) => this.host = host;

    public Completions Done { get; } = new();

    public static async Task<CompletionWatch> StartAsync<T>(IKubernetes client, string group, string version, string plural, Func<T, bool> isDone)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var host = new ReconcilerHost(new ComponentRuntime { Time = TimeProvider.System, Tasks = Task.Factory, Seed = new SimulationSeed(0) });
        var watch = new CompletionWatch(host);
        host.Inform(InformerSources.Custom<T>(client, group, version, plural)).OnChange(o =>
        {
            if (isDone(o))
            {
                watch.Done.Record(o.Metadata.Name);
            }
        });
        await host.StartAsync(CancellationToken.None);
        return watch;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
