using System.Globalization;
using System.Text;

namespace Harness.Durations;

/// <summary>
/// Go's <c>time.ParseDuration</c>: the value of a string, or the error text Go gives for a string it refuses
/// (<c>time: invalid duration "x"</c>, <c>time: missing unit in duration "5"</c>, <c>time: unknown unit "d" in duration
/// "5d"</c>), which is what virt-api answers when a <c>metav1.Duration</c> field does not decode. Go reads: an optional sign, then one or more
/// <c>number unit</c> pairs (number: digits with an optional fraction, at least one digit; unit: ns, us, µs, μs,
/// ms, s, m, h); <c>0</c> alone is allowed; a total beyond 2^63-1 ns is invalid.
/// </summary>
internal static class GoDurationSyntax
{
    private const ulong Limit = 1UL << 63;

    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1_000,
        ["µs"] = 1_000,
        ["μs"] = 1_000,
        ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000,
        ["m"] = 60_000_000_000,
        ["h"] = 3_600_000_000_000,
    };

    /// <summary>Go's error for <paramref name="text"/>, or null when Go parses it into <paramref name="duration"/> (to the 100 ns tick, truncated).</summary>
    public static string? Read(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        var invalid = "time: invalid duration " + Quote(text);
        var rest = text;
        var negative = false;
        if (rest.Length > 0 && rest[0] is '-' or '+')
        {
            negative = rest[0] == '-';
            rest = rest[1..];
        }

        if (rest == "0")
        {
            return null;
        }

        if (rest.Length == 0)
        {
            return invalid;
        }

        ulong total = 0;
        while (rest.Length > 0)
        {
            if (!(rest[0] == '.' || char.IsAsciiDigit(rest[0])))
            {
                return invalid;
            }

            var digits = CountDigits(rest, 0);
            if (!TryWhole(rest[..digits], out var whole))
            {
                return invalid;
            }

            rest = rest[digits..];
            var fractionDigits = 0;
            var fraction = "";
            if (rest.Length > 0 && rest[0] == '.')
            {
                fractionDigits = CountDigits(rest, 1) - 1;
                fraction = rest.Substring(1, fractionDigits);
                rest = rest[(fractionDigits + 1)..];
                if (digits == 0 && fractionDigits == 0)
                {
                    return invalid;
                }
            }
            else if (digits == 0)
            {
                return invalid;
            }

            var unitLength = 0;
            while (unitLength < rest.Length && rest[unitLength] != '.' && !char.IsAsciiDigit(rest[unitLength]))
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                return "time: missing unit in duration " + Quote(text);
            }

            var unitText = rest[..unitLength];
            rest = rest[unitLength..];
            if (!Units.TryGetValue(unitText, out var unit))
            {
                return "time: unknown unit " + Quote(unitText) + " in duration " + Quote(text);
            }

            if (whole > Limit / unit)
            {
                return invalid;
            }

            var value = whole * unit;
            if (fraction.Length > 0)
            {
                value += (ulong)(double.Parse("0." + fraction, CultureInfo.InvariantCulture) * unit);
                if (value > Limit)
                {
                    return invalid;
                }
            }

            total += value;
            if (total > Limit)
            {
                return invalid;
            }
        }

        if (!negative && total > Limit - 1)
        {
            return invalid;
        }

        var ticks = (long)(total / 100);
        duration = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return null;
    }

    private static int CountDigits(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end;
    }

    private static bool TryWhole(string digits, out ulong value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (value > (Limit - 1) / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(digit - '0');
            if (value > Limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Go's <c>time.quote</c>: double quotes, <c>"</c> and <c>\</c> escaped, bytes of non-ASCII or control characters as <c>\xNN</c>.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is < ' ' or >= 0x80)
            {
                var length = rune.EncodeToUtf8(bytes);
                foreach (var b in bytes[..length])
                {
                    quoted.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
            }
            else
            {
                if (rune.Value is '"' or '\\')
                {
                    quoted.Append('\\');
                }

                quoted.Append((char)rune.Value);
            }
        }

        return quoted.Append('"').ToString();
    }
}
