using System.Globalization;
using System.Text.RegularExpressions;

namespace Harness.Simulators.Tests.Csi.Sanity;

/// <summary>Ginkgo's closing lines: <c>Ran 73 of 92 Specs in 9.1 seconds</c> and <c>SUCCESS! -- 73 Passed | 0 Failed | 1 Pending | 18 Skipped</c>.</summary>
internal sealed partial record CsiSanitySummary(int Ran, int Total, int Passed, int Failed, int Pending, int Skipped, IReadOnlyList<string> Failures)
{
    public static CsiSanitySummary Parse(string output)
    {
        var text = AnsiEscape().Replace(output, string.Empty);
        var ran = RanLine().Match(text);
        var counts = CountsLine().Match(text);
        if (!ran.Success || !counts.Success)
        {
            throw new FormatException($"no Ginkgo summary in csi-sanity's output:\n{text}");
        }

        return new CsiSanitySummary(
            Number(ran, 1),
            Number(ran, 2),
            Number(counts, 1),
            Number(counts, 2),
            Number(counts, 3),
            Number(counts, 4),
            [.. FailureLine().Matches(text).Select(m => m.Groups[1].Value.Trim()).Distinct()]);
    }

    public override string ToString() =>
        $"ran {Ran} of {Total} specs: {Passed} passed, {Failed} failed, {Pending} pending, {Skipped} skipped"
        + string.Concat(Failures.Select(f => $"\n  [FAIL] {f}"));

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"Ran (\d+) of (\d+) Specs")]
    private static partial Regex RanLine();

    [GeneratedRegex(@"(\d+) Passed \| (\d+) Failed \| (\d+) Pending \| (\d+) Skipped")]
    private static partial Regex CountsLine();

    [GeneratedRegex(@"^\s*\[FAIL\] (.+)$", RegexOptions.Multiline)]
    private static partial Regex FailureLine();
}
