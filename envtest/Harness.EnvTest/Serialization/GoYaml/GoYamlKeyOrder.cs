using System.Text;

namespace Harness.EnvTest.Serialization.GoYaml;

/// <summary>
/// The order in which go-yaml v2 writes a map's string keys (its <c>keyList.Less</c>): rune by rune, letters by code point
/// and after anything else, and runs of digits by their number, so <c>a9</c> comes before <c>a10</c>.
/// </summary>
internal sealed class GoYamlKeyOrder : IComparer<string>
{
    public static readonly GoYamlKeyOrder Instance = new();

    private GoYamlKeyOrder()
    {
    }

    public int Compare(string? x, string? y) => Less(x!, y!) ? -1 : Less(y!, x!) ? 1 : 0;

    private static bool Less(string x, string y)
    {
        var a = Runes(x);
        var b = Runes(y);
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }

            var aLetter = Rune.IsLetter(a[i]);
            var bLetter = Rune.IsLetter(b[i]);
            if (aLetter && bLetter)
            {
                return a[i] < b[i];
            }

            if (aLetter || bLetter)
            {
                return bLetter;
            }

            long aNumber = 0, bNumber = 0;
            if (a[i].Value == '0' || b[i].Value == '0')
            {
                // A zero inside a number that began with another digit counts; the numbers compare as non-zero from there.
                for (var j = i - 1; j >= 0 && Rune.IsDigit(a[j]); j--)
                {
                    if (a[j].Value != '0')
                    {
                        aNumber = bNumber = 1;
                        break;
                    }
                }
            }

            var aEnd = Digits(a, i, ref aNumber);
            var bEnd = Digits(b, i, ref bNumber);
            return aNumber != bNumber ? aNumber < bNumber : aEnd != bEnd ? aEnd < bEnd : a[i] < b[i];
        }

        return a.Length < b.Length;
    }

    private static int Digits(Rune[] runes, int start, ref long number)
    {
        var end = start;
        for (; end < runes.Length && Rune.IsDigit(runes[end]); end++)
        {
            number = unchecked((number * 10) + runes[end].Value - '0');
        }

        return end;
    }

    private static Rune[] Runes(string text) => [.. text.EnumerateRunes()];
}
