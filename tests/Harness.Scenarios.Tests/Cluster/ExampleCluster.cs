using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>What <c>harness up</c> runs (an API server on a backend, the simulators, the controller in this process), and kubectl for it.</summary>
internal sealed class ExampleCluster : IAsyncDisposable
{
    private readonly TestEnvironment environment;
    private readonly LiveCluster live;

    private ExampleCluster(TestEnvironment environment, LiveCluster live)
    {
        this.environment = environment;
        this.live = live;
        Kubectl = new Kubectl(environment.KubeconfigPath);
    }

    public Kubectl Kubectl { get; }

    /// <summary>Starts it on <paramref name="backend"/> (see <see cref="LiveFlow.StartEnvironmentAsync"/>; skipped without the binaries).</summary>
    public static async Task<ExampleCluster> StartAsync(string backend)
    {
        var environment = await LiveFlow.StartEnvironmentAsync(backend);
        try
        {
            return new ExampleCluster(environment, await LiveCluster.StartAsync(environment, TimeProvider.System, new LiveClusterOptions { Controller = ControllerPlacement.InProcess }));
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await live.DisposeAsync();
        await environment.DisposeAsync();
    }
}
