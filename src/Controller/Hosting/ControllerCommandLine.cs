using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;
using Harness.Controller.Snapshots;
using Harness.Durations;

namespace Harness.Controller.Hosting;

/// <summary>
/// <c>harness-controller --kubeconfig PATH [--wait-for-cluster DURATION] [--namespace NS] [--leader-elect] [--metrics-port N] [--webhook-port N] [--workers N]</c>
/// plus kube-controller-manager's <c>--leader-elect-*</c> flags; runs <see cref="ControllerProcess"/> until SIGTERM or Ctrl+C.
/// </summary>
public static class ControllerCommandLine
{
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IControllerRegistration> controllers, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null, Output = output ?? Console.Out, Error = error ?? Console.Error };
        return await Create(controllers).Parse(args).InvokeAsync(configuration);
    }

    public static RootCommand Create(IReadOnlyList<IControllerRegistration> controllers)
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "The kubeconfig of the cluster to control", HelpName = "PATH", Required = true };
        var waitForCluster = Duration(
            "--wait-for-cluster",
            TimeSpan.Zero,
            "How long to keep trying while the kubeconfig is missing or unreadable, its API server does not answer or lacks the CRDs (for a process started beside its API server)");
        var ns = new Option<string?>("--namespace") { Description = "Reconcile only objects of this namespace (default: all)", HelpName = "NS" };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Act only while holding the Lease, so that replicas never act at once" };
        var metricsPort = Port("--metrics-port", "Serve /metrics, /healthz and /readyz over HTTP on 127.0.0.1:N (0: any free port)");
        var webhookPort = Port("--webhook-port", "Serve the admission webhooks over HTTPS on 127.0.0.1:N (0: any free port) and register them");
        var workers = new Option<int>("--workers")
        {
            Description = $"Workers per work queue of the snapshot and restore controllers (default {SnapshotControllerOptions.DefaultWorkers}, as KubeVirt's virt-controller)",
            HelpName = "N",
            DefaultValueFactory = _ => SnapshotControllerOptions.DefaultWorkers,
            CustomParser = result =>
            {
                var text = Text(result);
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= ControllerOptions.MaxWorkers)
                {
                    return count;
                }

                result.AddError($"--workers must be a number from 1 to {ControllerOptions.MaxWorkers}, not '{text}'");
                return 0;
            },
        };
        var defaults = new LeaderElectionOptions { Identity = "defaults" };
        var leaseDuration = Duration("--leader-elect-lease-duration", defaults.LeaseDuration, "How long a standby waits after the leader's last renewal before taking over");
        var renewDeadline = Duration("--leader-elect-renew-deadline", defaults.RenewDeadline, "How long the leader retries a failed renewal before giving leadership up");
        var retryPeriod = Duration("--leader-elect-retry-period", defaults.RetryPeriod, "How long to wait between tries to acquire or renew the Lease");

        var leaseNamespace = new Option<string>("--leader-elect-resource-namespace") { Description = "The Lease's namespace", HelpName = "NS", DefaultValueFactory = _ => "kube-system" };
        var leaseName = new Option<string>("--leader-elect-resource-name") { Description = "The Lease's name", HelpName = "NAME", DefaultValueFactory = _ => "harness-controller" };
        var command = new RootCommand("The KubeVirt snapshot/restore controller and its admission webhooks, against any cluster")
        {
            kubeconfig, waitForCluster, ns, leaderElect, metricsPort, webhookPort, workers, leaseDuration, renewDeadline, retryPeriod, leaseNamespace, leaseName,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ControllerOptions
            {
                KubeconfigPath = parse.GetRequiredValue(kubeconfig),
                WaitForCluster = parse.GetValue(waitForCluster) ?? TimeSpan.Zero,
                Namespace = parse.GetValue(ns),
                LeaderElect = parse.GetValue(leaderElect),
                MetricsPort = parse.GetValue(metricsPort),
                WebhookPort = parse.GetValue(webhookPort),
                Workers = parse.GetValue(workers),
                LeaderElection = new LeaderElectionOptions
                {
                    Namespace = parse.GetRequiredValue(leaseNamespace),
                    Name = parse.GetRequiredValue(leaseName),
                    Identity = $"{System.Environment.MachineName}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}",
                    LeaseDuration = parse.GetValue(leaseDuration) ?? defaults.LeaseDuration,
                    RenewDeadline = parse.GetValue(renewDeadline) ?? defaults.RenewDeadline,
                    RetryPeriod = parse.GetValue(retryPeriod) ?? defaults.RetryPeriod,
                },
            };
            try
            {
                options.LeaderElection.Validate();
            }
            catch (ArgumentException invalid)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"harness-controller: {invalid.Message}");
                return 1;
            }

            return await ControllerProcess.RunAsync(options, controllers, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static Option<int?> Port(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result =>
        {
            var text = Text(result);
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                return port;
            }

            result.AddError($"{name} must be a number from 0 to 65535, not '{text}'");
            return null;
        },
    };

    private static Option<TimeSpan?> Duration(string name, TimeSpan defaultValue, string description) => new(name)
    {
        Description = $"{description} (a Go duration; default {GoDuration.Format(defaultValue)})",
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = Text(result);
            if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"{name} must be a positive Go duration such as 15s or 500ms, not '{text}'");
            return null;
        },
    };

    private static string Text(ArgumentResult result) => string.Join(' ', result.Tokens.Select(token => token.Value));
}
