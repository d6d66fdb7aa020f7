using System.Globalization;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// The line a <c>harness-guest-agent</c> process prints on standard error each time its guest's filesystems are frozen or
/// thawed (by the agent or, past a thaw limit, by the guest itself): <c>guest-agent: fsfreeze frozen journal 12</c>, with
/// the last journal record committed then. Whoever runs the process reads the guest's freeze log from these lines.
/// </summary>
public static class FreezeReport
{
    private const string Prefix = "guest-agent: fsfreeze ";
    private const string Journal = " journal ";

    public static string Format(FsFreezeStatus status, long journal) =>
        Prefix + Word(status) + Journal + journal.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a line written by <see cref="Format"/>; false for any other line.</summary>
    public static bool TryParse(string line, out FsFreezeStatus status, out long journal)
    {
        ArgumentNullException.ThrowIfNull(line);
        status = FsFreezeStatus.Thawed;
        journal = 0;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[Prefix.Length..];
        var separator = rest.IndexOf(Journal, StringComparison.Ordinal);
        if (separator < 0 || !long.TryParse(rest[(separator + Journal.Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out journal))
        {
            return false;
        }

        var word = rest[..separator];
        if (word == Word(FsFreezeStatus.Frozen))
        {
            status = FsFreezeStatus.Frozen;
            return true;
        }

        return word == Word(FsFreezeStatus.Thawed);
    }

    private static string Word(FsFreezeStatus status) => status == FsFreezeStatus.Frozen ? "frozen" : "thawed";
}
