using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Simulators.GuestAgent;

/// <summary>Parses durations written the way Kubernetes and Go write them: <c>10s</c>, <c>250ms</c>, <c>1m30s</c>.</summary>
internal static partial class GoDuration
{
    public static TimeSpan Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            return TimeSpan.Zero;
        }

        var matches = Part().Matches(trimmed);
        if (trimmed.Length == 0 || matches.Sum(m => m.Length) != trimmed.Length)
        {
            throw new FormatException($"{what}: '{text}' is not a duration (examples: 10s, 250ms, 1m30s)");
        }

        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups["value"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            total += match.Groups["unit"].Value switch
            {
                "ns" => TimeSpan.FromTicks((long)(value / 100)),
                "us" or "µs" => TimeSpan.FromTicks((long)(value * 10)),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return total;
    }

    public static string Format(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? $"{(long)value.TotalSeconds}s"
            : $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";

    [GeneratedRegex(@"(?<value>\d+(\.\d+)?)(?<unit>ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();
}
