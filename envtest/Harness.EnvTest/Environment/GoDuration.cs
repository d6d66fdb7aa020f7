using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.EnvTest.Environment;

/// <summary>Reads durations written as Go's <c>time.ParseDuration</c> reads them (<c>20s</c>, <c>1m30s</c>, <c>500ms</c>), as envtest's variables are.</summary>
internal static partial class GoDuration
{
    public static TimeSpan Parse(string variable, string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim() is "" or "+" or "-")
        {
            throw new FormatException($"{variable}={text} is not a duration (examples: 20s, 1m30s, 500ms)");
        }

        if (text.Trim() == "0")
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['n', 'u', 'µ', 'm', 's', 'h']);
            var value = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            total += part.Value[unitStart..] switch
            {
                "ns" => TimeSpan.FromTicks((long)(value / 100)),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return text.Trim().StartsWith('-') ? -total : total;
    }

    [GeneratedRegex(@"^[+-]?(?:0|(?<part>(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$")]
    private static partial Regex DurationPattern();
}
