namespace Harness.EnvTest.Serialization;

/// <summary>Orders strings by their UTF-8 bytes, as Go's <c>sort.Strings</c> does (code point order; UTF-16 order differs above U+D7FF).</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    private Utf8Order()
    {
    }

    public int Compare(string? x, string? y)
    {
        var a = x.AsSpan();
        var b = y.AsSpan();
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        return Rank(a[common]).CompareTo(Rank(b[common]));
    }

    /// <summary>A UTF-16 unit's place in code point order: surrogates (U+10000 and up) after U+E000..U+FFFF.</summary>
    private static int Rank(char unit) => char.IsSurrogate(unit) ? unit + 0x10000 : unit;
}
