using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using Microsoft.Extensions.Hosting;

namespace Harness.Scenarios.Cli;

/// <summary>
/// What <c>harness up</c> runs beside the API server: a <see cref="LiveCluster"/> on the real clock, with the
/// <c>harness-controller</c> process unless <see cref="UpSettings.Controller"/> says none.
/// </summary>
internal sealed class SimulatedBackendsComponent(TestEnvironment environment, UpSettings settings) : IHostedService
{
    private LiveCluster? cluster;

#pragma warning disable RS0030 // composition root of harness up: the live cluster runs on the real clock
    public async Task StartAsync(CancellationToken cancellationToken) =>
        cluster = await LiveCluster.StartAsync(
            environment, TimeProvider.System, new LiveClusterOptions { ControllerProcess = settings.Controller == UpController.Process }, cancellationToken);
#pragma warning restore RS0030

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
