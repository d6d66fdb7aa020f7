using Harness.EnvTest.Environment;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// What a <see cref="LiveCluster"/> can begin before its API server is ready: its temporary folder, and the
/// <c>harness-controller</c> process (when <see cref="LiveClusterOptions.ControllerProcess"/> says so), which waits
/// for the kubeconfig and its API server by itself (<c>--wait-for-cluster</c>). Launched at once, the controller's
/// runtime starts while the API server does, instead of after it; it is the longest part of <c>harness up</c>'s start.
/// <see cref="LiveCluster.StartAsync(TestEnvironment, LiveClusterLaunch, CancellationToken)"/> takes both over;
/// disposed before that, the launch stops the process and removes the folder.
/// </summary>
public sealed class LiveClusterLaunch : IAsyncDisposable
{
    private Task<HarnessControllerProcess>? controller;

    private LiveClusterLaunch(TemporaryFolder directory, string? controllerLog, LiveClusterOptions options, TimeProvider time)
    {
        Directory = directory;
        ControllerLog = controllerLog;
        Options = options;
        Time = time;
    }

    internal TemporaryFolder Directory { get; }

    internal string? ControllerLog { get; }

    internal LiveClusterOptions Options { get; }

    internal TimeProvider Time { get; }

    /// <summary>
    /// Creates the folder and launches the controller process (if any) against <paramref name="kubeconfigPath"/>,
    /// the file the API server's kubeconfig is (or will be) written to.
    /// </summary>
    public static LiveClusterLaunch Begin(string kubeconfigPath, TimeProvider time, LiveClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kubeconfigPath);
        options ??= new LiveClusterOptions();
        var directory = TemporaryFolder.Create("harness-up-");
        var log = options.ControllerProcess ? Path.Combine(directory.Path, "controller.log") : null;
        var launch = new LiveClusterLaunch(directory, log, options, time);
        launch.controller = log is null ? null : launch.StartControllerAsync(kubeconfigPath, cancellationToken);
        return launch;
    }

    /// <summary>A new controller process against <paramref name="kubeconfigPath"/>, its output appended to <see cref="ControllerLog"/>.</summary>
    internal Task<HarnessControllerProcess> StartControllerAsync(string kubeconfigPath, CancellationToken cancellationToken) =>
        HarnessControllerProcess.StartAsync(kubeconfigPath, ["--webhook-port", "0", "--metrics-port", "0"], ControllerLog!, Time, cancellationToken);

    /// <summary>The launched controller process, once (a restart launches a new one); null after that, or without one.</summary>
    internal Task<HarnessControllerProcess>? TakeController()
    {
        var launched = controller;
        controller = null;
        return launched;
    }

    /// <summary>Stops the launched controller process if nobody took it.</summary>
    internal async Task StopControllerAsync()
    {
        if (TakeController() is { } launched)
        {
            try
            {
                await (await launched).DisposeAsync();
            }
            catch (Exception failed) when (failed is InvalidOperationException or OperationCanceledException or TimeoutException)
            {
                // It never started (it has been killed already) or was cancelled with the start.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllerAsync();
        Directory.Dispose();
    }
}
