using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cel;
using Harness.EnvTest.Schema.Rules.Library;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// The Kubernetes CEL extension functions rules use most, beside CEL's standard ones: from cel-go's strings extension
/// (<c>charAt</c>, <c>indexOf</c>, <c>lastIndexOf</c>, <c>lowerAscii</c>, <c>upperAscii</c>, <c>replace</c>, <c>split</c>,
/// <c>substring</c>, <c>trim</c>, <c>join</c>) and Kubernetes' lists and regex libraries (<c>isSorted</c>, <c>sum</c>,
/// <c>min</c>, <c>max</c>, <c>indexOf</c>, <c>lastIndexOf</c>, <c>find</c>, <c>findAll</c>), and <see cref="CelOptional"/>'s methods. Strings index by code point, as cel-go does.
/// </summary>
internal static class CelLibrary
{
    public static CelEnvironment Register(CelEnvironment environment)
    {
        var s = typeof(string);
        var i = typeof(long);
        var list = typeof(object[]);
        environment.RegisterFunction("lowerAscii", [s], a => AsciiCase((string)a[0]!, upper: false));
        environment.RegisterFunction("upperAscii", [s], a => AsciiCase((string)a[0]!, upper: true));
        environment.RegisterFunction("trim", [s], a => ((string)a[0]!).Trim());
        environment.RegisterFunction("charAt", [s, i], a => CharAt((string)a[0]!, (long)a[1]!));
        environment.RegisterFunction("indexOf", [s, s], a => IndexOf((string)a[0]!, (string)a[1]!, last: false));
        environment.RegisterFunction("lastIndexOf", [s, s], a => IndexOf((string)a[0]!, (string)a[1]!, last: true));
        environment.RegisterFunction("replace", [s, s, s], a => ((string)a[0]!).Replace((string)a[1]!, (string)a[2]!, StringComparison.Ordinal));
        environment.RegisterFunction("split", [s, s], a => Split((string)a[0]!, (string)a[1]!));
        environment.RegisterFunction("substring", [s, i], a => Substring((string)a[0]!, (long)a[1]!, null));
        environment.RegisterFunction("substring", [s, i, i], a => Substring((string)a[0]!, (long)a[1]!, (long)a[2]!));
        environment.RegisterFunction("join", [list], a => string.Concat(((object?[])a[0]!).Cast<string>()));
        environment.RegisterFunction("join", [list, s], a => string.Join((string)a[1]!, ((object?[])a[0]!).Cast<string>()));
        environment.RegisterFunction("isSorted", [list], a => IsSorted((object?[])a[0]!));
        environment.RegisterFunction("sum", [list], a => Sum((object?[])a[0]!));
        environment.RegisterFunction("min", [list], a => Extreme((object?[])a[0]!, "min", sign: -1));
        environment.RegisterFunction("max", [list], a => Extreme((object?[])a[0]!, "max", sign: 1));
        environment.RegisterFunction("indexOf", [list, typeof(object)], a => Array.FindIndex((object?[])a[0]!, x => Equals(x, a[1])));
        environment.RegisterFunction("lastIndexOf", [list, typeof(object)], a => Array.FindLastIndex((object?[])a[0]!, x => Equals(x, a[1])));
        environment.RegisterFunction("find", [s, s], a => Regex.Match((string)a[0]!, (string)a[1]!, RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } m ? m.Value : "");
        environment.RegisterFunction("findAll", [s, s], a => Regex.Matches((string)a[0]!, (string)a[1]!, RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => (object?)m.Value).ToArray());
        var optional = typeof(CelOptional);
        environment.RegisterFunction("hasValue", [optional], a => ((CelOptional)a[0]!).HasValue);
        environment.RegisterFunction("value", [optional], a => ((CelOptional)a[0]!).Value);
        environment.RegisterFunction("orValue", [optional, typeof(object)], a => ((CelOptional)a[0]!).OrValue(a[1]));
        environment.RegisterFunction(CelNamespacedCalls.Name("optional.of"), [typeof(object)], a => new CelOptional(a[0], true));
        environment.RegisterFunction(CelNamespacedCalls.Name("optional.none"), [], _ => CelOptional.None);
        CelQuantity.Register(environment);
        CelUrl.Register(environment);
        CelIp.Register(environment);
        CelCidr.Register(environment);
        CelFormat.Register(environment);
        CelSets.Register(environment);
        CelEquality.Register(environment);
        CelListAddition.Register(environment);
        return environment;
    }

    private static string AsciiCase(string text, bool upper)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(char.IsAscii(c) ? (upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)) : c);
        }

        return result.ToString();
    }

    private static Rune[] Runes(string text) => text.EnumerateRunes().ToArray();

    private static string CharAt(string text, long index)
    {
        var runes = Runes(text);
        return index < 0 || index > runes.Length ? throw new ArgumentOutOfRangeException(nameof(index), $"index out of range: {index}")
            : index == runes.Length ? "" : runes[index].ToString();
    }

    private static long IndexOf(string text, string part, bool last)
    {
        var at = last ? text.LastIndexOf(part, StringComparison.Ordinal) : text.IndexOf(part, StringComparison.Ordinal);
        return at < 0 ? -1 : Runes(text[..at]).Length;
    }

    private static object?[] Split(string text, string separator) =>
        (separator.Length == 0 ? Runes(text).Select(r => r.ToString()) : text.Split(separator)).Cast<object?>().ToArray();

    private static string Substring(string text, long start, long? end)
    {
        var runes = Runes(text);
        var stop = end ?? runes.Length;
        if (start < 0 || start > runes.Length || stop > runes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"index out of range: {(start < 0 || start > runes.Length ? start : stop)}");
        }

        if (stop < start)
        {
            throw new ArgumentException($"invalid substring range. start: {start}, end: {stop}");
        }

        return string.Concat(runes[(int)start..(int)stop].Select(r => r.ToString()));
    }

    private static bool IsSorted(object?[] items)
    {
        for (var n = 1; n < items.Length; n++)
        {
            if (Compare(items[n - 1], items[n]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static object Sum(object?[] items) => items.Length > 0 && items[0] is double
        ? items.Sum(x => Convert.ToDouble(x, CultureInfo.InvariantCulture))
        : items.Aggregate(0L, (total, x) => checked(total + Convert.ToInt64(x, CultureInfo.InvariantCulture)));

    private static object? Extreme(object?[] items, string name, int sign)
    {
        if (items.Length == 0)
        {
            throw new ArgumentException($"{name}(list) argument must not be empty");
        }

        return items.Aggregate((best, x) => Compare(x, best) * sign > 0 ? x : best);
    }

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        _ => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
    };
}
