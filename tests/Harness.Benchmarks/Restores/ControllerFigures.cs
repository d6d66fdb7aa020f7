using System.Globalization;

namespace Harness.Benchmarks.Restores;

/// <summary>
/// The API requests of the snapshot and of the restore controller since the last reset, and their process's peak and
/// current resident set, in MiB.
/// </summary>
internal sealed record ControllerFigures(long SnapshotRequests, long RestoreRequests, double PeakMiB, double ResidentMiB)
{
    public string ToLine() => FormattableString.Invariant($"{SnapshotRequests} {RestoreRequests} {PeakMiB:0.0} {ResidentMiB:0.0}");

    public static ControllerFigures Parse(string line) =>
        line.Split(' ') is [var snapshots, var restores, var peak, var resident]
            ? new(Count(snapshots), Count(restores), MiB(peak), MiB(resident))
            : throw new FormatException($"not controller figures: '{line}'");

    private static long Count(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static double MiB(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
