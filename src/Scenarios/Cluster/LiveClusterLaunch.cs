using Harness.EnvTest.Environment;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// What a <see cref="LiveCluster"/> can begin before its API server is ready: its temporary folder, the controller
/// (<see cref="LiveClusterOptions.Controller"/>: in this process or a <c>harness-controller</c> process), which waits
/// for the kubeconfig and its API server by itself (<c>--wait-for-cluster</c>), and the CSI driver processes when they
/// have no storage to adopt (<see cref="LiveClusterOptions.AdoptStorage"/> false). Launched at once, they start while the
/// API server does, instead of after it; the controller is the longest part of <c>harness up</c>'s start.
/// <see cref="LiveCluster.StartAsync(TestEnvironment, LiveClusterLaunch, CancellationToken)"/> takes them over;
/// disposed before that, the launch stops the processes and removes the folder.
/// </summary>
public sealed class LiveClusterLaunch : IAsyncDisposable
{
    /// <summary>How long a controller waits for its kubeconfig and API server, and this side for its controllers to run.</summary>
    internal static readonly TimeSpan ControllerStartTimeout = TimeSpan.FromSeconds(60);

    private Task<IAsyncDisposable>? controller;
    private IReadOnlyList<ProcessCsiDriverComponent>? drivers;
    private Task? driversStarting;

    private LiveClusterLaunch(TemporaryFolder directory, string? controllerLog, LiveClusterOptions options, TimeProvider time)
    {
        Directory = directory;
        ControllerLog = controllerLog;
        Options = options;
        Time = time;
        Events = options.Events ?? new DomainEventLog(time);
    }

    internal TemporaryFolder Directory { get; }

    internal string? ControllerLog { get; }

    internal LiveClusterOptions Options { get; }

    internal TimeProvider Time { get; }

    /// <summary>The cluster's event log (<see cref="LiveClusterOptions.Events"/>, or a new one).</summary>
    internal DomainEventLog Events { get; }

    /// <summary>
    /// Creates the folder and starts the controller (if any) against <paramref name="kubeconfigPath"/>,
    /// the file the API server's kubeconfig is (or will be) written to, and the driver processes unless they adopt storage first.
    /// </summary>
    public static LiveClusterLaunch Begin(string kubeconfigPath, TimeProvider time, LiveClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kubeconfigPath);
        options ??= new LiveClusterOptions();
        var directory = TemporaryFolder.Create("harness-up-");
        var log = options.Controller == ControllerPlacement.None ? null : Path.Combine(directory.Path, "controller.log");
        var launch = new LiveClusterLaunch(directory, log, options, time);
        launch.controller = log is null ? null : launch.StartControllerAsync(kubeconfigPath, cancellationToken);
        if (!options.AdoptStorage)
        {
            var early = options.Drivers.Select(launch.Driver).ToList();
            launch.drivers = early;
            launch.driversStarting = Task.WhenAll(early.Select(driver => driver.StartAsync(cancellationToken)));
        }

        return launch;
    }

    /// <summary>The process component of driver <paramref name="spec"/>, its socket and state directory in the folder; not started.</summary>
    internal ProcessCsiDriverComponent Driver(SimulatedDriver spec) =>
        new(spec.Name, Path.Combine(Directory.Path, spec.Name + ".sock"), DriverArguments(spec, StateDirectory(Directory.Path, spec.Name)), Time, Events);

    /// <summary>Driver <paramref name="driverName"/>'s state directory under <paramref name="root"/>.</summary>
    internal static string StateDirectory(string root, string driverName) => Path.Combine(root, driverName + ".state");

    /// <summary>A new controller against <paramref name="kubeconfigPath"/>, in this process or its own, its log appended to <see cref="ControllerLog"/>.</summary>
    internal async Task<IAsyncDisposable> StartControllerAsync(string kubeconfigPath, CancellationToken cancellationToken) => Options.Controller == ControllerPlacement.InProcess
        ? await InProcessController.StartAsync(kubeconfigPath, ControllerLog!, ControllerStartTimeout, Time, cancellationToken)
        : await HarnessControllerProcess.StartAsync(
            kubeconfigPath, ["--webhook-port", "0", "--metrics-port", "0"], Options.ControllerTrustsOnlyClusterCa, ControllerLog!, ControllerStartTimeout, Time, cancellationToken);

    /// <summary>The started controller, once (a restart starts a new one); null after that, or without one.</summary>
    internal Task<IAsyncDisposable>? TakeController()
    {
        var launched = controller;
        controller = null;
        return launched;
    }

    /// <summary>
    /// The driver processes launched by <see cref="Begin"/>, once they serve (once: the caller owns them then); null when
    /// none were (they adopt storage first), or after the first call. When one failed to start, all are stopped and the failure thrown.
    /// </summary>
    internal async Task<IReadOnlyList<ProcessCsiDriverComponent>?> TakeDriversAsync()
    {
        var (launched, starting) = (drivers, driversStarting);
        (drivers, driversStarting) = (null, null);
        if (launched is null || starting is null)
        {
            return null;
        }

        try
        {
            await starting;
            return launched;
        }
        catch
        {
            await StopAsync(launched);
            throw;
        }
    }

    /// <summary>Stops the started controller if nobody took it.</summary>
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

    /// <summary>Stops and disposes <paramref name="stopped"/>.</summary>
    internal static async Task StopAsync(IEnumerable<ProcessCsiDriverComponent> stopped)
    {
        foreach (var driver in stopped)
        {
            await driver.StopAsync();
            driver.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllerAsync();
        if (drivers is { } launched && driversStarting is { } starting)
        {
            (drivers, driversStarting) = (null, null);
            await Task.WhenAny(starting);
            await StopAsync(launched);
        }

        Directory.Dispose();
    }

    private static IReadOnlyList<string> DriverArguments(SimulatedDriver spec, string stateDirectory) =>
    [
        "--state-dir", stateDirectory,
        .. spec.SnapshotsSupported ? Array.Empty<string>() : ["--no-snapshots"],
        .. spec.RestoreSizeRoundingBytes > 0 ? ["--round-restore-size", spec.RestoreSizeRoundingBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(),
    ];
}
