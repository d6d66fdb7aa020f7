using Harness.Durations;
namespace Harness.Simulators.GuestAgent;

/// <summary>An answer delay drawn uniformly between <see cref="Min"/> and <see cref="Max"/>.</summary>
public readonly record struct LatencyRange
{
    public LatencyRange(TimeSpan min, TimeSpan max)
    {
        if (min < TimeSpan.Zero || max < min)
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"latency range {min}..{max} must satisfy 0 <= min <= max");
        }

        Min = min;
        Max = max;
    }

    public TimeSpan Min { get; }

    public TimeSpan Max { get; }

    /// <summary>Parses <c>50ms..200ms</c> or a single duration such as <c>100ms</c>.</summary>
    public static LatencyRange Parse(string text, string what)
    {
        var parts = text.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"{what}: '{text}' is not a latency (examples: 100ms, 50ms..200ms)");
        }

        var min = GoDuration.Parse(parts[0], what);
        var max = parts.Length == 2 ? GoDuration.Parse(parts[1], what) : min;
        if (max < min)
        {
            throw new FormatException($"{what}: '{text}' has its maximum below its minimum");
        }

        return new LatencyRange(min, max);
    }

    public TimeSpan Draw(Random random) =>
        Min + TimeSpan.FromTicks((long)(random.NextDouble() * (Max - Min).Ticks));

    public override string ToString() => $"{GoDuration.Format(Min)}..{GoDuration.Format(Max)}";
}
