namespace Harness.Simulators.Csi.Faults;

/// <summary>
/// The line a <c>harness-csi-driver</c> process writes on its standard error for every fault it injects, so that the
/// harness that started it records the fault in its event log as it does an in-process driver's.
/// </summary>
public static class CsiFaultReport
{
    private const string Prefix = "csi-driver: fault ";
    private const string TargetSeparator = " on ";
    private const string DetailSeparator = ": ";

    public static string Format(CsiFaultInjected fault) => Prefix + fault.Fault + TargetSeparator + fault.Target + DetailSeparator + fault.Detail;

    /// <summary>Reads a line written by <see cref="Format"/>; false for any other line.</summary>
    public static bool TryParse(string line, out CsiFaultInjected fault)
    {
        ArgumentNullException.ThrowIfNull(line);
        fault = default;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[Prefix.Length..];
        var target = rest.IndexOf(TargetSeparator, StringComparison.Ordinal);
        var detail = target < 0 ? -1 : rest.IndexOf(DetailSeparator, target + TargetSeparator.Length, StringComparison.Ordinal);
        if (detail < 0)
        {
            return false;
        }

        fault = new CsiFaultInjected(rest[..target], rest[(target + TargetSeparator.Length)..detail], rest[(detail + DetailSeparator.Length)..]);
        return true;
    }
}
