using Csi.V1;
using Grpc.Core;
using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Hosting;
using k8s;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>What a <see cref="LiveClusterLaunch"/> starts before its API server, and the cluster taking it over.</summary>
public sealed class LiveClusterLaunchTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("harness-launch-test-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Begin_NothingToAdopt_DriverServesBeforeTheApiServer_AndTheClusterProvisionsThroughIt()
    {
        var kubeconfig = Path.Combine(folder, "kubeconfig");
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EnvironmentVariable = _ => null,
            KubeconfigPath = kubeconfig,
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
        });
        var launch = LiveClusterLaunch.Begin(kubeconfig, TimeProvider.System, new LiveClusterOptions { AdoptStorage = false });
        var socket = Path.Combine(launch.Directory.Path, CsiConstants.DefaultDriverName + ".sock");
        LiveCluster live;
        try
        {
            await ProbeUntilServingAsync(socket);
            Assert.False(File.Exists(kubeconfig));
            await environment.StartAsync();
            live = await LiveCluster.StartAsync(environment, launch);
        }
        catch
        {
            await launch.DisposeAsync();
            throw;
        }

        await using (live)
        {
            Assert.Equal(socket, live.DriverSocket);
            await environment.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(LiveFlow.Claim("disk-a"), LiveFlow.Ns);
            await LiveFlow.WaitForAsync("claim Bound", async () => (await environment.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("disk-a", LiveFlow.Ns)).Status?.Phase == "Bound");
        }

        Assert.False(Directory.Exists(launch.Directory.Path));
    }

    private static async Task ProbeUntilServingAsync(string socket)
    {
        using var channel = CsiGrpcChannel.ForUnixSocket(socket);
        var identity = new Identity.IdentityClient(channel);
        await LiveFlow.WaitForAsync("the driver answers Probe", async () =>
        {
            try
            {
                await identity.ProbeAsync(new ProbeRequest());
                return true;
            }
            catch (RpcException notYet) when (notYet.StatusCode == StatusCode.Unavailable)
            {
                return false;
            }
        });
    }
}
