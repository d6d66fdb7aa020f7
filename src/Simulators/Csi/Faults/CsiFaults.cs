using Grpc.Core;

namespace Harness.Simulators.Csi.Faults;

/// <summary>
/// The faults a scenario switches on in a simulated CSI driver; they may be changed while it runs and
/// apply to the calls that start afterwards. Snapshot readiness, error and loss are planned when a
/// snapshot is cut, from the settings in force then.
/// </summary>
/// <remarks>
/// May break: CreateSnapshot latency and errors, CreateVolume errors, snapshots that never become
/// ready, become ready and later error, or vanish from the backend; the driver crashing
/// (<see cref="CsiDriverSimulator.Crash"/>). Keeps: snapshot content is always the content at the cut,
/// and the backend's volumes and snapshots survive a crash.
/// </remarks>
public sealed class CsiFaults
{
    public const string CreateSnapshotLatencyFault = "CreateSnapshotLatency";
    public const string CreateSnapshotFailsFault = "CreateSnapshotFails";
    public const string CreateVolumeFailsFault = "CreateVolumeFails";
    public const string SnapshotNeverReadyFault = "SnapshotNeverReady";
    public const string SnapshotErrorsAfterReadyFault = "SnapshotErrorsAfterReady";
    public const string SnapshotLostFault = "SnapshotLost";
    public const string DriverCrashedFault = "DriverCrashed";

    /// <summary>Shortest delay before CreateSnapshot answers (after the cut).</summary>
    /// <value>Defaults to zero.</value>
    public TimeSpan CreateSnapshotLatencyMin { get; set; }

    /// <summary>Longest delay; each call draws uniformly between min and max from the seeded random source.</summary>
    /// <value>Defaults to zero.</value>
    public TimeSpan CreateSnapshotLatencyMax { get; set; }

    /// <summary>CreateSnapshot fails with this code before cutting anything.</summary>
    /// <value>Defaults to <see langword="null"/>: no failure.</value>
    public StatusCode? CreateSnapshotError { get; set; }

    /// <summary>Chance (0..1) that a CreateSnapshot call fails when <see cref="CreateSnapshotError"/> is set.</summary>
    /// <value>Defaults to 1.</value>
    public double CreateSnapshotErrorProbability { get; set; } = 1;

    /// <summary>CreateVolume fails with this code before creating anything.</summary>
    /// <value>Defaults to <see langword="null"/>: no failure.</value>
    public StatusCode? CreateVolumeError { get; set; }

    /// <summary>Chance (0..1) that a CreateVolume call fails when <see cref="CreateVolumeError"/> is set.</summary>
    /// <value>Defaults to 1.</value>
    public double CreateVolumeErrorProbability { get; set; } = 1;

    /// <summary>How long after the cut a snapshot reports ready_to_use (as drivers that upload snapshots do).</summary>
    /// <value>Defaults to zero: ready at once.</value>
    public TimeSpan SnapshotReadyDelay { get; set; }

    /// <summary>New snapshots never report ready_to_use.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool SnapshotNeverReady { get; set; }

    /// <summary>New snapshots go into error this long after becoming ready: ListSnapshots by id answers INTERNAL, unfiltered lists show them not ready.</summary>
    /// <value>Defaults to <see langword="null"/>: never.</value>
    public TimeSpan? SnapshotErrorAfterReady { get; set; }

    /// <summary>New snapshots vanish from the backend this long after the cut.</summary>
    /// <value>Defaults to <see langword="null"/>: never.</value>
    public TimeSpan? SnapshotLostAfter { get; set; }

    /// <summary>Called for every injected fault.</summary>
    public Func<CsiFaultInjected, ValueTask>? OnFaultInjected { get; set; }

    /// <summary>
    /// Replaces every setting with those of <paramref name="arguments"/>, each spelled as <c>harness-csi-driver</c>'s
    /// <c>--fault</c> argument (<c>snapshot-never-ready</c>, <c>create-snapshot-latency=1s..20s</c>); none: no fault.
    /// </summary>
    /// <exception cref="FormatException">An argument names no fault or has a bad value; nothing changed.</exception>
    public void Replace(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parsed = new CsiFaults();
        foreach (var argument in arguments)
        {
            Cli.FaultArgument.Apply(argument, parsed);
        }

        CreateSnapshotLatencyMin = parsed.CreateSnapshotLatencyMin;
        CreateSnapshotLatencyMax = parsed.CreateSnapshotLatencyMax;
        CreateSnapshotError = parsed.CreateSnapshotError;
        CreateSnapshotErrorProbability = parsed.CreateSnapshotErrorProbability;
        CreateVolumeError = parsed.CreateVolumeError;
        CreateVolumeErrorProbability = parsed.CreateVolumeErrorProbability;
        SnapshotReadyDelay = parsed.SnapshotReadyDelay;
        SnapshotNeverReady = parsed.SnapshotNeverReady;
        SnapshotErrorAfterReady = parsed.SnapshotErrorAfterReady;
        SnapshotLostAfter = parsed.SnapshotLostAfter;
    }
}
