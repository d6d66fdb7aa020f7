using Harness.Controller.Admission;
using Harness.Reconciling;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using k8s;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Hosting;

/// <summary>
/// One started controller (the <c>harness-controller</c> process's, or one hosted in another process: <see cref="HostedController"/>):
/// its servers, and the controllers it runs while leading.
/// </summary>
internal sealed class RunningController(
    ControllerOptions options, IReadOnlyList<IControllerRegistration> controllers, TimeProvider time, TaskFactory tasks, Random random, ILoggerFactory loggers, Action? started)
    : IAsyncDisposable
{
    /// <summary>How long the webhook configuration's removal may take on the way out.</summary>
    private static readonly TimeSpan UnregisterTimeout = TimeSpan.FromMilliseconds(500);

    private readonly ILogger logger = loggers.CreateLogger("Harness.Controller");
    private readonly ControllerMetrics metrics = new();
    private readonly ProcessHealth health = new();
    private readonly SimulationSeed hostSeed = new((ulong)random.NextInt64());
    private PrometheusExposition? exposition;
    private MonitoringServer? monitoring;
    private WebhookCertificates? certificates;
    private WebhookServer? webhooks;
    private ValidatingWebhookRegistration? registration;
    private IKubernetes? client;

    /// <summary>
    /// Runs a controller until <paramref name="cancellationToken"/> is cancelled (true) or its Lease is lost (false): its
    /// servers, the preflight (a failed one is a <see cref="PreflightException"/>), the webhooks and the controllers;
    /// <paramref name="started"/> is called once its controllers run. Whatever it had started is stopped on the way out.
    /// </summary>
    public static async Task<bool> RunAsync(
        ControllerOptions options, IReadOnlyList<IControllerRegistration> controllers, TimeProvider time, TaskFactory tasks, Random random, ILoggerFactory loggers, Action? started, CancellationToken cancellationToken)
    {
        await using var running = new RunningController(options, controllers, time, tasks, random, loggers, started);
        await running.StartMonitoringAsync(cancellationToken);
        using var client = await Preflight.ConnectAsync(options.KubeconfigPath, options.WaitForCluster, time, loggers.CreateLogger("Harness.Controller"), cancellationToken);
        await running.StartWebhooksAsync(client, cancellationToken);
        return await running.LeadOrCampaignAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        health.NotReady("stopping");
        if (webhooks is not null)
        {
            await webhooks.DisposeAsync();
        }

        if (monitoring is not null)
        {
            await monitoring.DisposeAsync();
        }

        certificates?.Dispose();
        exposition?.Dispose();
        metrics.Dispose();
    }

    /// <summary>
    /// Starts what needs no cluster, before the preflight (so while a process started beside its API server waits for
    /// it): the monitoring server and the webhooks' certificates, as asked for; a port in use is a <see cref="PreflightException"/>.
    /// </summary>
    private async Task StartMonitoringAsync(CancellationToken cancellationToken)
    {
        if (options.MetricsPort is { } metricsPort)
        {
            exposition = new PrometheusExposition(metrics.Meter);
            monitoring = await ListenAsync("--metrics-port", metricsPort, () => MonitoringServer.StartAsync(metricsPort, exposition, health, cancellationToken));
            logger.LogInformation("Serving /metrics, /healthz and /readyz on {Url}", monitoring.Url);
        }

        if (options.WebhookPort is not null)
        {
            certificates = WebhookCertificates.Create("harness-controller-webhook-ca", time, random);
        }
    }

    /// <summary>Starts the webhook server asked for, its reviewers and the controllers using <paramref name="connected"/>; a port in use is a <see cref="PreflightException"/>.</summary>
    private async Task StartWebhooksAsync(IKubernetes connected, CancellationToken cancellationToken)
    {
        client = connected;
        if (options.WebhookPort is { } webhookPort && certificates is not null)
        {
            var endpoints = SnapshotWebhooks.Endpoints(connected);
            webhooks = await ListenAsync(
                "--webhook-port",
                webhookPort,
                () => WebhookServer.StartAsync(endpoints.ToDictionary(endpoint => endpoint.Path, endpoint => endpoint.Reviewer), certificates.Serving, webhookPort, logger, cancellationToken));
            registration = new ValidatingWebhookRegistration(connected, SnapshotWebhooks.ConfigurationName, endpoints, webhooks.Url, certificates.CaBundle);
            logger.LogInformation("Serving admission webhooks on {Url}", webhooks.Url);
        }
    }

    /// <summary>Leads (or campaigns, then leads) until cancelled: true; false when the Lease was lost.</summary>
    private async Task<bool> LeadOrCampaignAsync(CancellationToken cancellationToken)
    {
        var client = this.client ?? throw new InvalidOperationException($"{nameof(StartWebhooksAsync)} comes first");
        health.Ready();
        if (!options.LeaderElect)
        {
            await LeadAsync(cancellationToken);
            return true;
        }

        var elector = new LeaseLeaderElector(client, options.LeaderElection, time, random, loggers.CreateLogger("Harness.Controller.LeaderElection"));
        logger.LogInformation("Campaigning for lease {Namespace}/{Name} as {Identity}", options.LeaderElection.Namespace, options.LeaderElection.Name, options.LeaderElection.Identity);
        return await elector.RunAsync(LeadAsync, cancellationToken);
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        var client = this.client!;
        Func<ObjectKey, bool>? inNamespace = options.Namespace is { } only ? key => key.Namespace.Length == 0 || key.Namespace == only : null;
        await using var host = new ReconcilerHost(new ComponentRuntime { Time = time, Tasks = tasks, Seed = hostSeed }, loggers.CreateLogger("Harness.Reconciling"), metrics, inNamespace);
        var context = new ControllerContext(host, client, time, tasks, loggers, metrics, options.Namespace, options.Workers);
        IControllerRegistration[] all = [new RestoredClaimsMetric(), new FreezeDurationMetric(), .. controllers];
        foreach (var controller in all)
        {
            controller.Register(context);
        }

        try
        {
            // The webhooks are registered while the informers list: neither needs the other.
            await Task.WhenAll(RegisterWebhooksAsync(cancellationToken), host.StartAsync(cancellationToken));
            logger.LogInformation(
                "Started controllers {Controllers} ({Workers} workers per snapshot and restore queue)", string.Join(", ", all.Select(controller => controller.Name)), options.Workers);
            started?.Invoke();
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await host.StopAsync();
            if (registration is not null)
            {
                using var bounded = new CancellationTokenSource(UnregisterTimeout, time);
                try
                {
                    await registration.RemoveAsync(bounded.Token);
                }
                catch (Exception failed) when (failed is HttpRequestException or IOException or OperationCanceledException)
                {
                    logger.LogWarning("Could not remove ValidatingWebhookConfiguration {Name}: {Error}", SnapshotWebhooks.ConfigurationName, failed.Message);
                }
            }
        }
    }

    private async Task RegisterWebhooksAsync(CancellationToken cancellationToken)
    {
        if (registration is not null)
        {
            await registration.WriteAsync(cancellationToken);
            logger.LogInformation("Registered ValidatingWebhookConfiguration {Name} at {Url}", SnapshotWebhooks.ConfigurationName, webhooks!.Url);
        }
    }

    private static async Task<T> ListenAsync<T>(string flag, int port, Func<Task<T>> start)
    {
        try
        {
            return await start();
        }
        catch (IOException bindFailed)
        {
            throw new PreflightException($"cannot listen on 127.0.0.1:{port} ({flag}): {bindFailed.Message}", bindFailed);
        }
    }
}
