namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// One <see cref="ExampleCluster"/> per backend, started at the first test that asks for it and shared by the rest of
/// the class: each example of examples/README.md stands alone, so each also holds on a cluster that ran the others.
/// </summary>
public sealed class ExampleClusters : IAsyncLifetime
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Task<ExampleCluster>> started = [];

    /// <summary>The cluster on <paramref name="backend"/> (skips the test as <see cref="ExampleCluster.StartAsync"/> does).</summary>
    internal Task<ExampleCluster> OnAsync(string backend)
    {
        lock (gate)
        {
            if (!started.TryGetValue(backend, out var cluster))
            {
                started[backend] = cluster = ExampleCluster.StartAsync(backend);
            }

            return cluster;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in started.Values.Where(c => c.IsCompletedSuccessfully))
        {
            await cluster.Result.DisposeAsync();
        }
    }
}
