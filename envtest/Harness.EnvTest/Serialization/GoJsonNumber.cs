using System.Globalization;
using System.Text;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// A float64 as Go's <c>encoding/json</c> writes it: the shortest digits that read back the same, in plain decimal
/// notation, or with an exponent (<c>1e-7</c>, <c>1e+21</c>) below 1e-6 and from 1e21 up.
/// </summary>
internal static class GoJsonNumber
{
    public static string Format(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        var (negative, digits, point) = Decompose(value);
        var text = new StringBuilder(digits.Length + 8);
        if (negative)
        {
            text.Append('-');
        }

        var magnitude = Math.Abs(value);
        if (magnitude < 1e-6 || magnitude >= 1e21)
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var exponent = point - 1;
            return text.Append(exponent < 0 ? "e-" : "e+")
                .Append(Math.Abs(exponent).ToString(exponent < 0 ? "0" : "00", CultureInfo.InvariantCulture)).ToString();
        }

        if (point <= 0)
        {
            return text.Append("0.").Append('0', -point).Append(digits).ToString();
        }

        if (point >= digits.Length)
        {
            return text.Append(digits).Append('0', point - digits.Length).ToString();
        }

        return text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point).ToString();
    }

    /// <summary>The shortest round-trip digits of <paramref name="value"/> (no leading or trailing zeros) and where the decimal point goes.</summary>
    private static (bool Negative, string Digits, int Point) Decompose(double value)
    {
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var unsigned = negative ? shortest[1..] : shortest;
        var e = unsigned.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? unsigned : unsigned[..e];
        var exponent = e < 0 ? 0 : int.Parse(unsigned[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var all = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var leading = all.Length - all.TrimStart('0').Length;
        return (negative, all.Trim('0'), integerDigits + exponent - leading);
    }
}
