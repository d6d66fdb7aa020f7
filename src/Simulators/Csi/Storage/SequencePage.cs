using System.Globalization;
using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// ListVolumes and ListSnapshots pages in creation order; a page token is the creation sequence of the
/// next page's first entry, so a token stays valid when that entry is deleted and later entries still come.
/// </summary>
internal static class SequencePage
{
    /// <summary>The first sequence the token admits: 0 without one, ABORTED for a token this driver never issued.</summary>
    public static long Start(string startingToken, long nextSequence)
    {
        if (startingToken.Length == 0)
        {
            return 0;
        }

        return long.TryParse(startingToken, NumberStyles.None, CultureInfo.InvariantCulture, out var start) && start >= 1 && start < nextSequence
            ? start
            : throw CsiErrors.Aborted($"starting_token {startingToken} was not issued by this driver");
    }

    /// <summary>At most <paramref name="maxEntries"/> (0: all) of the entries at or after <paramref name="start"/>, and the next page's token.</summary>
    public static (IReadOnlyList<T> Entries, string NextToken) Take<T>(IEnumerable<T> entries, Func<T, long> sequence, long start, int maxEntries)
    {
        var matching = entries.Where(e => sequence(e) >= start).OrderBy(sequence).ToList();
        var page = maxEntries > 0 ? matching.Take(maxEntries).ToList() : matching;
        var nextToken = page.Count < matching.Count
            ? sequence(matching[page.Count]).ToString(CultureInfo.InvariantCulture)
            : string.Empty;
        return (page, nextToken);
    }
}
