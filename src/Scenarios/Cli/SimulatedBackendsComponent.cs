using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using Microsoft.Extensions.Hosting;

namespace Harness.Scenarios.Cli;

/// <summary>
/// What <c>harness up</c> runs beside the API server: a <see cref="LiveCluster"/> on the real clock, with the controller
/// where <see cref="UpSettings.Controller"/> says (in this process by default). The controller is started before the API
/// server starts (<see cref="StartingAsync"/>, <see cref="LiveClusterLaunch"/>), and so are the CSI driver
/// processes when the API server starts empty; the rest once it is ready.
/// </summary>
internal sealed class SimulatedBackendsComponent(TestEnvironment environment, UpSettings settings) : IHostedLifecycleService, IExplainedComponent
{
    private LiveClusterLaunch? launch;
    private LiveCluster? cluster;

#pragma warning disable RS0030 // composition root of harness up: the live cluster runs on the real clock
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        launch = LiveClusterLaunch.Begin(
            settings.KubeconfigPath, TimeProvider.System, new LiveClusterOptions
            {
                Controller = settings.Controller,
                AdoptStorage = !settings.StartsEmpty,
                ControllerTrustsOnlyClusterCa = environment.Backend is not ExistingClusterBackend,
            }, cancellationToken);
        return Task.CompletedTask;
    }
#pragma warning restore RS0030

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var launched = launch ?? throw new InvalidOperationException($"{nameof(StartingAsync)} comes first");
        launch = null;
        cluster = await LiveCluster.StartAsync(environment, launched, cancellationToken);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        if (launch is not null)
        {
            await launch.DisposeAsync();
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public IReadOnlyList<UpSummaryLine> Explain()
    {
        var live = cluster ?? throw new InvalidOperationException("not started");
        return
        [
            new("KubeVirt", "simulated virt-controller and virt-api: VM -> VMI, subresources.kubevirt.io (freeze, unfreeze, start, stop, ...), CDI DataVolumes"),
            new("CSI driver", $"{CsiConstants.DefaultDriverName}: harness-csi-driver process on {live.DriverSocket}, with its snapshotter and provisioner"),
            new("Classes", $"StorageClass {CsiStackOptions.DefaultStorageClassName} (default), VolumeSnapshotClass {CsiStackOptions.DefaultSnapshotClassName}"),
            new("Guest agents", $"one harness-guest-agent process per running VMI, sockets in {live.GuestAgentSockets}"),
            new("Controller", (settings.Controller, live.ControllerLog) switch
            {
                (ControllerPlacement.InProcess, { } log) => $"in this process (snapshot and restore controllers, admission webhook over HTTPS), log {log}",
                (ControllerPlacement.Process, { } log) => $"harness-controller process (snapshot and restore controllers, admission webhook), log {log}",
                _ => "none (--controller none): run your own against this cluster",
            }),
            new("Files", $"{live.Directory} (removed at exit)"),
        ];
    }
}
