using System.Globalization;

namespace Harness.Simulators.Csi.Cli;

/// <summary>Durations written as in Kubernetes and Go: <c>500ms</c>, <c>2s</c>, <c>5m</c>, <c>1h</c>.</summary>
internal static class Duration
{
    public static TimeSpan Parse(string text, string option)
    {
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds),
            ("s", TimeSpan.FromSeconds),
            ("m", TimeSpan.FromMinutes),
            ("h", TimeSpan.FromHours),
        ];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return make(amount);
            }
        }

        throw new FormatException($"{option}: '{text}' is not a duration (examples: 500ms, 2s, 5m, 1h)");
    }
}
