namespace Harness.EnvTest.Serialization.GoYaml;

/// <summary>
/// go-yaml escapes a tab (<c>\t</c>) and a byte order mark (<c>\uFEFF</c>) in a double-quoted scalar, where the emitter used
/// here writes them raw. Each goes to the emitter as as many private-use characters, absent from the document, as its escape
/// is long, so that lines fold at the columns go-yaml counts; the stand-ins become the escapes afterwards.
/// </summary>
internal sealed class EscapeStandIns
{
    private const char FirstPrivateUse = '\ue000';
    private const char LastPrivateUse = '\uf8ff';

    private readonly (char Raw, string Escape, string StandIn)[] _escapes;

    private EscapeStandIns(char tab, char byteOrderMark) =>
        _escapes = [('\t', "\\t", new string(tab, 2)), ('\ufeff', "\\uFEFF", new string(byteOrderMark, 6))];

    /// <summary>Stand-ins for the document <paramref name="json"/>: two private-use characters it holds neither raw nor escaped.</summary>
    public static EscapeStandIns For(string json)
    {
        var free = Enumerable.Range(FirstPrivateUse, LastPrivateUse - FirstPrivateUse + 1).Select(c => (char)c)
            .Where(c => !json.Contains(c, StringComparison.Ordinal) && !json.Contains($"\\u{(int)c:x4}", StringComparison.OrdinalIgnoreCase))
            .Take(2)
            .ToList();
        return new EscapeStandIns(free[0], free[1]);
    }

    /// <summary>The text to emit for the double-quoted <paramref name="text"/>.</summary>
    public string StandIn(string text) =>
        _escapes.Aggregate(text, (result, e) => result.Replace(e.Raw.ToString(), e.StandIn, StringComparison.Ordinal));

    /// <summary>The emitted <paramref name="yaml"/> with go-yaml's escapes in place of the stand-ins.</summary>
    public string Restore(string yaml) =>
        _escapes.Aggregate(yaml, (result, e) => result.Replace(e.StandIn, e.Escape, StringComparison.Ordinal));
}
