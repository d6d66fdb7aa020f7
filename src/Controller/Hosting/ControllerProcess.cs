using System.Security.Cryptography;
using Harness.Runtime;
using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Hosting;

/// <summary>
/// The <c>harness-controller</c> process. It checks its input first and stops with a message and exit code 1 on
/// any of: an unreadable kubeconfig, an API server it cannot reach, a missing CRD (each still so after
/// <c>--wait-for-cluster</c>), a port in use; whatever it had
/// started by then is stopped again. It serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (not ready yet)
/// while it waits for the cluster, then the admission webhooks (all replicas), and, while it leads (or always without <c>--leader-elect</c>), registers the
/// webhooks with the API server and runs the controllers. SIGTERM or Ctrl+C stops it within about two seconds (the
/// controllers stop, the webhook configuration and the Lease are given up) with exit code 0; a lost Lease stops it
/// with exit code 1, as client-go's controllers do.
/// </summary>
public static class ControllerProcess
{
    /// <summary>The product its requests name in <c>User-Agent</c> (and so its default field manager).</summary>
    public const string UserAgentProduct = "harness-controller";

    public static async Task<int> RunAsync(
        ControllerOptions options,
        IReadOnlyList<IControllerRegistration> controllers,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controllers);
        ArgumentNullException.ThrowIfNull(error);
        using var signals = new TerminationSignals(cancellationToken);
        using var loggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            })
            .SetMinimumLevel(LogLevel.Information));
#pragma warning disable RS0030 // composition root of the controller process: the real clock and the thread pool
        var time = TimeProvider.System;
        var tasks = Task.Factory;
#pragma warning restore RS0030
        var random = new Random(RandomNumberGenerator.GetInt32(int.MaxValue));
        try
        {
            return await RunningController.RunAsync(options, controllers, time, tasks, random, loggers, started: null, signals.Token) ? 0 : 1;
        }
        catch (PreflightException failed)
        {
            await error.WriteLineAsync($"harness-controller: {failed.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            return 0;
        }
    }
}
