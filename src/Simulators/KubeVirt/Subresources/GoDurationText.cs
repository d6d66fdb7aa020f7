using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>Parses a <c>metav1.Duration</c> as Go's <c>time.ParseDuration</c> does (<c>5m0s</c>, <c>1h30m</c>, <c>250ms</c>, <c>0s</c>).</summary>
internal static partial class GoDurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
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

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"^(?<value>\d+(\.\d*)?)(?<unit>ns|us|µs|ms|s|m|h)$")]
    private static partial Regex Part();
}
