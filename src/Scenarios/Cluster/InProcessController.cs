using System.Security.Cryptography;
using Harness.Controller.Hosting;
using Harness.Scenarios.Cluster.Logging;
using Microsoft.Extensions.Logging;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// The snapshot/restore controller in this process: the <see cref="HostedController"/> that the <c>harness-controller</c>
/// process would run for <c>--kubeconfig PATH --wait-for-cluster 1m0s --webhook-port 0 --metrics-port 0</c> (its own
/// client over HTTPS, its webhook server over HTTPS, registered with the API server), its log appended to a file.
/// Started before its API server, it waits for the kubeconfig and the server as the process does.
/// </summary>
internal sealed class InProcessController : IAsyncDisposable
{
    private readonly HostedController controller;
    private readonly ILoggerFactory loggers;

    private InProcessController(HostedController controller, ILoggerFactory loggers)
    {
        this.controller = controller;
        this.loggers = loggers;
    }

    /// <summary>Starts the controller against <paramref name="kubeconfig"/> and waits until its controllers run.</summary>
    public static async Task<InProcessController> StartAsync(string kubeconfig, string logPath, TimeSpan waitForCluster, TimeProvider time, CancellationToken cancellationToken)
    {
        var loggers = LoggerFactory.Create(logging => logging.AddProvider(new LogFileLoggerProvider(logPath, time)).SetMinimumLevel(LogLevel.Information));
        try
        {
            var options = new ControllerOptions
            {
                KubeconfigPath = kubeconfig,
                WaitForCluster = waitForCluster,
                WebhookPort = 0,
                MetricsPort = 0,
                LeaderElection = new LeaderElectionOptions { Identity = HarnessControllerProcess.ProgramName },
            };
#pragma warning disable RS0030 // The live cluster is a composition root: the controller runs on real threads, as its process does.
            var tasks = Task.Factory;
#pragma warning restore RS0030
            var random = new Random(RandomNumberGenerator.GetInt32(int.MaxValue));
            return new InProcessController(
                await HostedController.StartAsync(options, ControllerRegistrations.SnapshotAndRestore(), time, tasks, random, loggers, cancellationToken), loggers);
        }
        catch
        {
            loggers.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await controller.DisposeAsync();
        loggers.Dispose();
    }
}
