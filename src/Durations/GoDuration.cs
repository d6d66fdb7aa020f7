using System.Globalization;
using System.Text;

namespace Harness.Durations;

/// <summary>
/// A Go duration as text (a <c>metav1.Duration</c>, envtest's variables, CEL's <c>duration()</c>): read as Go's
/// <c>time.ParseDuration</c> reads it (<c>5m0s</c>, <c>1h30m</c>, <c>250ms</c>, <c>.5s</c>, <c>-1m</c>, <c>0</c>), with its
/// error text for what it refuses, and written as Go's <c>Duration.String</c> writes it (<c>5m0s</c>, <c>40s</c>,
/// <c>1h0m0s</c>, <c>0s</c>).
/// </summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration) => GoDurationSyntax.Read(text, out duration) is null;

    /// <summary>Go's error for <paramref name="text"/> (<c>time: invalid duration "x"</c>, <c>time: missing unit in duration "5"</c>, ...), or null when Go parses it.</summary>
    public static string? Error(string text) => GoDurationSyntax.Read(text, out _);

    /// <summary>Parses <paramref name="text"/> (surrounding blanks ignored); <paramref name="what"/> names it in the error.</summary>
    /// <exception cref="FormatException">The text is not a Go duration.</exception>
    public static TimeSpan Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.Trim(), out var duration)
            ? duration
            : throw new FormatException($"{what}: '{text}' is not a duration (examples: 10s, 250ms, 1m30s)");
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
}
