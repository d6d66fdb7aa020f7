using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Api.Durations;

/// <summary>
/// A <c>metav1.Duration</c> as text: parsed as Go's <c>time.ParseDuration</c> does (<c>5m0s</c>, <c>1h30m</c>,
/// <c>250ms</c>, <c>0s</c>) and written as Go's <c>Duration.String</c> does (<c>5m0s</c>, <c>40s</c>, <c>1h0m0s</c>, <c>0s</c>).
/// </summary>
public static partial class GoDuration
{
    /// <summary>Parses <paramref name="text"/> (surrounding blanks ignored); <paramref name="what"/> names it in the error.</summary>
    /// <exception cref="FormatException">The text is not a Go duration.</exception>
    public static TimeSpan Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.Trim(), out var duration)
            ? duration
            : throw new FormatException($"{what}: '{text}' is not a duration (examples: 10s, 250ms, 1m30s)");
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var match = Whole().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var total = 0d;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = Part().Match(part.Value);
            var value = double.Parse(unit.Groups["value"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            total += value * unit.Groups["unit"].Value switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                _ => 3600,
            };
        }

        duration = TimeSpan.FromSeconds(match.Groups["sign"].Value == "-" ? -total : total);
        return true;
    }

    /// <summary>Go's text of <paramref name="duration"/>; below a second it keeps Go's unit (<c>250ms</c>), above it whole seconds and a fraction.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            text.Append('-');
            duration = duration.Duration();
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            var milliseconds = duration.Ticks / (double)TimeSpan.TicksPerMillisecond;
            return text.Append(milliseconds >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.######}ms")
                : string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / 10d:0.###}µs")).ToString();
        }

        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || duration.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        }

        var seconds = duration.Seconds + ((duration.Ticks % TimeSpan.TicksPerSecond) / (double)TimeSpan.TicksPerSecond);
        return text.Append(CultureInfo.InvariantCulture, $"{seconds:0.#######}s").ToString();
    }

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"^(?<value>\d+(\.\d*)?)(?<unit>ns|us|µs|ms|s|m|h)$")]
    private static partial Regex Part();
}
