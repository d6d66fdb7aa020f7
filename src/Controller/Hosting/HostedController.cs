using Microsoft.Extensions.Logging;

namespace Harness.Controller.Hosting;

/// <summary>
/// The controller inside another program's process (<c>harness up</c>): what the <c>harness-controller</c> process runs
/// for the same <see cref="ControllerOptions"/> (its preflight, monitoring and webhook servers, webhook registration
/// and controllers, over HTTPS to its kubeconfig's API server), on the host's clock, tasks and loggers, so that one
/// runtime serves both. Started, its controllers run; disposed, it stops as the process does on SIGTERM.
/// </summary>
public sealed class HostedController : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping;
    private readonly Task<bool> running;

    private HostedController(CancellationTokenSource stopping, Task<bool> running)
    {
        this.stopping = stopping;
        this.running = running;
    }

    /// <summary>
    /// Starts the controller on <paramref name="tasks"/> and waits until its controllers run; a failed preflight (after
    /// <see cref="ControllerOptions.WaitForCluster"/>) is an <see cref="InvalidOperationException"/> with its message.
    /// </summary>
    public static async Task<HostedController> StartAsync(
        ControllerOptions options,
        IReadOnlyList<IControllerRegistration> controllers,
        TimeProvider time,
        TaskFactory tasks,
        Random random,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tasks);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = new CancellationTokenSource();
        var running = tasks.StartNew(() => RunningController.RunAsync(options, controllers, time, tasks, random, loggers, () => started.TrySetResult(), stopping.Token)).Unwrap();
        var controller = new HostedController(stopping, running);
        try
        {
            await Task.WhenAny(started.Task, running).WaitAsync(cancellationToken);
            if (!started.Task.IsCompleted)
            {
                await running;
                throw new InvalidOperationException("the controller lost its Lease before its controllers started");
            }

            return controller;
        }
        catch (PreflightException failed)
        {
            await controller.DisposeAsync();
            throw new InvalidOperationException($"the controller did not start: {failed.Message}", failed);
        }
        catch
        {
            await controller.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the controllers, gives the webhook configuration up and stops the servers.</summary>
    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        try
        {
            await running;
        }
        catch (Exception ended) when (ended is OperationCanceledException or PreflightException)
        {
            // Stopped while it waited for its cluster, or it never started (its start said why).
        }

        stopping.Dispose();
    }
}
