using System.Globalization;

namespace Harness.Benchmarks;

/// <summary>The statistics and process figures the controller benchmarks report.</summary>
internal static class Measures
{
    public static double Median(IReadOnlyList<TimeSpan> values) => Percentile([.. values.Order()], 0.5);

    /// <summary>The median of <paramref name="values"/>: the mean of the middle two when their number is even.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The nearest-rank percentile of sorted values, in milliseconds.</summary>
    public static double Percentile(IReadOnlyList<TimeSpan> sorted, double fraction) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)].TotalMilliseconds;

    /// <summary>This process's peak resident set (VmHWM), in MiB.</summary>
    public static double PeakMemoryMiB() => StatusMiB("VmHWM:");

    /// <summary>This process's resident set now (VmRSS), in MiB.</summary>
    public static double MemoryMiB() => StatusMiB("VmRSS:");

    private static double StatusMiB(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }
}
