using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Hosting;
using Harness.Simulators.Csi.Stack;
using Harness.Simulators.KubeVirt.GuestAgents;
using Microsoft.Extensions.Hosting;

namespace Harness.Scenarios.Cli;

/// <summary>
/// What <c>harness up</c> runs beside the API server, live: a <c>harness-csi-driver</c> process with the snapshotter and
/// provisioner over its socket, the KubeVirt simulator with one <c>harness-guest-agent</c> process per running VMI
/// (its disks the driver's volumes, published to files),
/// and the driver's default StorageClass and VolumeSnapshotClass.
/// </summary>
internal sealed class SimulatedBackendsComponent(TestEnvironment environment) : IHostedService
{
    private DirectoryInfo? directory;
    private CsiDriverProcess? driver;
    private SimulatedBackends? backends;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        directory = Directory.CreateTempSubdirectory("harness-up-");
        var name = CsiConstants.DefaultDriverName;
        driver = await CsiDriverProcess.StartAsync(
            Path.Combine(directory.FullName, name + ".sock"),
            ["--driver-name", name, "--state-dir", Path.Combine(directory.FullName, name + ".state")],
            TimeSpan.FromSeconds(30),
            time,
            cancellationToken);
        var invoker = driver.CallInvoker;
        var agents = new PublishedDiskGuestAgents(
            new Dictionary<string, Grpc.Core.CallInvoker> { [name] = invoker },
            Path.Combine(directory.FullName, "disks"),
            new ProcessGuestAgentOptions
            {
                FileName = "dotnet",
                LeadingArguments = [Path.Combine(AppContext.BaseDirectory, "harness-guest-agent.dll")],
                SocketDirectory = Path.Combine(directory.FullName, "guest-agents"),
            },
            time);
        backends = await SimulatedBackends.StartAsync(
            environment.Client,
            (environment.Backend as EmbeddedApiServerBackend)?.Core,
            [new CsiDriverEndpoint(name, invoker)],
            agents,
            new SimulatedBackendsOptions { TimeProvider = time },
            cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (backends is not null)
        {
            await backends.DisposeAsync();
        }

        if (driver is not null)
        {
            await driver.DisposeAsync();
        }

        directory?.Delete(recursive: true);
    }
}
