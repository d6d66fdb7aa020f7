using System.Globalization;
using System.Text;

namespace Harness.EnvTest.Serialization.GoYaml;

/// <summary>
/// A JSON number as go-yaml v2 writes it after reading it: an integer that fits 64 bits as it is, any other number as a
/// float64 in Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> (shortest digits; an exponent below -4 or from 6 up).
/// </summary>
internal static class GoYamlNumber
{
    public static string Format(string json)
    {
        if (json.AsSpan().IndexOfAny(".eE") < 0 && (long.TryParse(json, CultureInfo.InvariantCulture, out _) || ulong.TryParse(json, CultureInfo.InvariantCulture, out _)))
        {
            return json;
        }

        var value = double.Parse(json, CultureInfo.InvariantCulture);
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // The shortest round-trip digits and the decimal point's place: value = 0.digits × 10^point.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= leadingZeros;
        var text = new StringBuilder(value < 0 ? "-" : string.Empty);
        var x = point - 1;
        if (x < -4 || x >= 6)
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append('e').Append(x < 0 ? '-' : '+').Append(Math.Abs(x).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return text.ToString();
    }
}
