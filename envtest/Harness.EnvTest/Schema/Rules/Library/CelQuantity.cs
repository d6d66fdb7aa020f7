using System.Globalization;
using System.Numerics;
using Cel;

namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>
/// apiserver's <c>kubernetes.Quantity</c>: a resource.Quantity's value, <see cref="Unscaled"/> times ten to the
/// <see cref="Exponent"/>, in the form Go holds it, since the library's answers depend on it: an int64 amount (a value
/// that fits an int64 at a scale of at least nano, as the fast path of <c>ParseQuantity</c> makes it), or an arbitrary
/// precision decimal (<see cref="IsDecimal"/>: a long or binary fraction, a very small exponent, a sum that overflowed),
/// which <c>isInteger()</c> never takes for an integer, nor an int64 amount of a negative scale (<c>quantity('1.0')</c>).
/// <see cref="IsResult"/> marks what <c>add</c>/<c>sub</c> return: Go's pointer, which equals a quantity only as
/// the left operand of <c>==</c>.
/// </summary>
internal sealed class CelQuantity
{
    private const string FormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private static readonly Dictionary<string, (int Base, int Exponent)> Suffixes = new(StringComparer.Ordinal)
    {
        ["n"] = (10, -9), ["u"] = (10, -6), ["m"] = (10, -3), [""] = (10, 0), ["k"] = (10, 3), ["M"] = (10, 6), ["G"] = (10, 9),
        ["T"] = (10, 12), ["P"] = (10, 15), ["E"] = (10, 18),
        ["Ki"] = (2, 10), ["Mi"] = (2, 20), ["Gi"] = (2, 30), ["Ti"] = (2, 40), ["Pi"] = (2, 50), ["Ei"] = (2, 60),
    };

    private CelQuantity(BigInteger unscaled, int exponent, bool isDecimal, bool isResult = false)
    {
        Unscaled = unscaled;
        Exponent = exponent;
        IsDecimal = isDecimal;
        IsResult = isResult;
    }

    public BigInteger Unscaled { get; }

    public int Exponent { get; }

    public bool IsDecimal { get; }

    public bool IsResult { get; }

    public int Sign => Unscaled.Sign;

    /// <summary>Registers the library's functions: <c>quantity</c>, <c>isQuantity</c>, <c>sign</c> and the methods.</summary>
    public static void Register(CelEnvironment environment)
    {
        Type[] one = [typeof(CelQuantity)];
        Type[] two = [typeof(CelQuantity), typeof(CelQuantity)];
        Type[] withInt = [typeof(CelQuantity), typeof(long)];
        environment.RegisterFunction("quantity", [typeof(string)], a => Parse((string)a[0]!));
        environment.RegisterFunction("isQuantity", [typeof(string)], a => IsQuantity((string)a[0]!));
        environment.RegisterFunction("sign", one, a => (long)((CelQuantity)a[0]!).Sign);
        environment.RegisterFunction("isGreaterThan", two, a => ((CelQuantity)a[0]!).CompareTo((CelQuantity)a[1]!) > 0);
        environment.RegisterFunction("isLessThan", two, a => ((CelQuantity)a[0]!).CompareTo((CelQuantity)a[1]!) < 0);
        environment.RegisterFunction("compareTo", two, a => (long)((CelQuantity)a[0]!).CompareTo((CelQuantity)a[1]!));
        environment.RegisterFunction("asApproximateFloat", one, a => ((CelQuantity)a[0]!).AsApproximateFloat());
        environment.RegisterFunction("isInteger", one, a => ((CelQuantity)a[0]!).AsInt64() is not null);
        environment.RegisterFunction("asInteger", one, a => ((CelQuantity)a[0]!).AsInt64() ?? throw new ArgumentException("cannot convert value to integer"));
        environment.RegisterFunction("add", two, a => ((CelQuantity)a[0]!).Add((CelQuantity)a[1]!));
        environment.RegisterFunction("add", withInt, a => ((CelQuantity)a[0]!).Add(Of((long)a[1]!)));
        environment.RegisterFunction("sub", two, a => ((CelQuantity)a[0]!).Add((CelQuantity)a[1]!, subtract: true));
        environment.RegisterFunction("sub", withInt, a => ((CelQuantity)a[0]!).Add(Of((long)a[1]!), subtract: true));
    }

    /// <summary>Quantity.Equal as CEL calls it: the right operand must be a parsed quantity, not an <c>add</c>/<c>sub</c> result.</summary>
    public bool? EqualsOperand(object? right) => right is CelQuantity { IsResult: false } other ? CompareTo(other) == 0 : null;

    /// <summary>Whether <paramref name="text"/> parses (<c>isQuantity</c>).</summary>
    public static bool IsQuantity(string text)
    {
        try
        {
            Parse(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>resource.ParseQuantity: the value, or its error's text as an <see cref="ArgumentException"/>.</summary>
    public static CelQuantity Parse(string text)
    {
        if (text.Length == 0)
        {
            throw new ArgumentException(FormatWrong);
        }

        var (negative, num, denom, suffix, hasDigits) = Split(text);
        if (!Suffixes.TryGetValue(suffix, out var unit) && !TryExponent(suffix, out unit))
        {
            throw new ArgumentException("unable to parse quantity's suffix");
        }

        var binary = unit.Base == 2;
        var digits = BigInteger.Parse(num + denom, CultureInfo.InvariantCulture);
        int precision;
        BigInteger mantissa = 1;
        var scale = 0;
        if (!binary)
        {
            scale = unit.Exponent;
            precision = 18 - (num.Length + denom.Length);
        }
        else if (denom.Length == 0)
        {
            mantissa = BigInteger.One << unit.Exponent;
            precision = 15 - num.Length - (int)(unit.Exponent * 3f / 10) - 1;
        }
        else
        {
            precision = -1;
        }

        if (precision >= 0 && scale - denom.Length >= -9 && digits * mantissa <= long.MaxValue)
        {
            return new CelQuantity(negative ? -(digits * mantissa) : digits * mantissa, scale - denom.Length, isDecimal: false);
        }

        if (!hasDigits)
        {
            throw new ArgumentException("unable to parse numeric part of quantity");
        }

        var magnitude = binary ? digits << unit.Exponent : digits;
        var exponent = binary ? -denom.Length : unit.Exponent - denom.Length;
        if (!magnitude.IsZero && exponent < -9)
        {
            // Go rounds a magnitude finer than nano up to the next nano.
            magnitude = (long)-9 - exponent > Digits(magnitude) ? 1
                : BigInteger.DivRem(magnitude, BigInteger.Pow(10, -9 - exponent), out var remainder) + (remainder.IsZero ? 0 : 1);
            exponent = -9;
        }

        if (binary && Compare(magnitude, exponent, long.MaxValue, 0) > 0)
        {
            (magnitude, exponent) = (long.MaxValue, 0);
        }

        return new CelQuantity(negative ? -magnitude : magnitude, exponent, isDecimal: true);
    }

    /// <summary>A quantity of <paramref name="value"/> (resource.NewQuantity), for <c>add</c>/<c>sub</c> of an int.</summary>
    public static CelQuantity Of(long value) => new(value, 0, isDecimal: false);

    /// <summary>Quantity.Cmp: -1, 0 or 1.</summary>
    public int CompareTo(CelQuantity other) => Compare(Unscaled, Exponent, other.Unscaled, other.Exponent);

    /// <summary>Quantity.Add (or Sub, of <paramref name="other"/> negated): in int64 amounts while they hold it, else decimal.</summary>
    public CelQuantity Add(CelQuantity other, bool subtract = false)
    {
        var addend = subtract ? -other.Unscaled : other.Unscaled;
        if (!IsDecimal && !other.IsDecimal && Int64Sum(addend, other.Exponent) is { } sum)
        {
            return sum;
        }

        var exponent = Math.Min(Exponent, other.Exponent);
        var total = Unscaled * BigInteger.Pow(10, Exponent - exponent) + addend * BigInteger.Pow(10, other.Exponent - exponent);
        return new CelQuantity(total, exponent, isDecimal: true, isResult: true);
    }

    /// <summary>Quantity.AsInt64: only an int64 amount of scale zero or above that fits.</summary>
    public long? AsInt64()
    {
        return IsDecimal || Exponent < 0 || Scaled(Unscaled, Exponent) is not { } value ? null : (long)value;
    }

    /// <summary>Quantity.AsApproximateFloat64: the unscaled value times Go's <c>math.Pow10</c> of the exponent.</summary>
    public double AsApproximateFloat()
    {
        var unscaled = double.Parse(Unscaled.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Exponent == 0 ? unscaled : unscaled * Pow10(Exponent);
    }

    /// <summary>int64Amount.Add: the sum at the smaller scale, or null when a step overflows an int64.</summary>
    private CelQuantity? Int64Sum(BigInteger addend, int exponent)
    {
        if (addend.IsZero)
        {
            return new CelQuantity(Unscaled, Exponent, isDecimal: false, isResult: true);
        }

        if (Unscaled.IsZero)
        {
            return new CelQuantity(addend, exponent, isDecimal: false, isResult: true);
        }

        var low = Math.Min(Exponent, exponent);
        return Scaled(Unscaled, (long)Exponent - low) is { } left && Scaled(addend, (long)exponent - low) is { } right && Fits(left + right)
            ? new CelQuantity(left + right, low, isDecimal: false, isResult: true)
            : null;
    }

    /// <summary>Go's positiveScaleInt64: <paramref name="value"/> times ten to <paramref name="power"/>, or null past an int64.</summary>
    private static BigInteger? Scaled(BigInteger value, long power)
    {
        var result = value.IsZero ? value : power > 18 ? long.MaxValue + BigInteger.One : value * BigInteger.Pow(10, (int)power);
        return Fits(result) ? result : null;
    }

    private static bool Fits(BigInteger value) => value >= long.MinValue && value <= long.MaxValue;

    private static long Digits(BigInteger value) => BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>Compares two decimals by sign, then order of magnitude, then digits (never raising ten to a far exponent).</summary>
    private static int Compare(BigInteger a, int aExponent, BigInteger b, int bExponent)
    {
        if (a.Sign != b.Sign || a.IsZero)
        {
            return a.Sign.CompareTo(b.Sign);
        }

        var order = (Digits(a) + aExponent).CompareTo(Digits(b) + bExponent);
        if (order != 0)
        {
            return order * a.Sign;
        }

        var low = Math.Min(aExponent, bExponent);
        return (a * BigInteger.Pow(10, aExponent - low)).CompareTo(b * BigInteger.Pow(10, bExponent - low));
    }

    /// <summary>
    /// parseQuantityString: the sign, the numerator without leading zeros (<c>0</c> when none), the fraction's digits and
    /// the suffix; whether any digit was given. A suffix of letters, then a signed exponent, or Go's format error.
    /// </summary>
    private static (bool Negative, string Num, string Denom, string Suffix, bool HasDigits) Split(string text)
    {
        var at = 0;
        var negative = text[0] == '-';
        if (text[0] is '-' or '+')
        {
            at++;
        }

        var start = at;
        while (at < text.Length && text[at] == '0')
        {
            at++;
        }

        var numStart = at;
        while (at < text.Length && char.IsAsciiDigit(text[at]))
        {
            at++;
        }

        var num = text[numStart..at];
        var denom = "";
        if (at < text.Length && text[at] == '.')
        {
            var denomStart = ++at;
            while (at < text.Length && char.IsAsciiDigit(text[at]))
            {
                at++;
            }

            denom = text[denomStart..at];
        }

        var hasDigits = text[start..at].Any(char.IsAsciiDigit);
        var suffixStart = at;
        while (at < text.Length && "eEinumkKMGTP".Contains(text[at], StringComparison.Ordinal))
        {
            at++;
        }

        if (at < text.Length && text[at] is '-' or '+')
        {
            at++;
        }

        while (at < text.Length && char.IsAsciiDigit(text[at]))
        {
            at++;
        }

        return at < text.Length
            ? throw new ArgumentException(FormatWrong)
            : (negative, num.Length == 0 ? "0" : num, denom, text[suffixStart..], hasDigits);
    }

    /// <summary>A decimal exponent suffix, <c>e3</c> or <c>E-2</c>: Go's ParseInt of what follows the letter, kept to an int32.</summary>
    private static bool TryExponent(string suffix, out (int Base, int Exponent) unit)
    {
        unit = default;
        if (suffix.Length < 2 || suffix[0] is not ('e' or 'E') || !long.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
        {
            return false;
        }

        unit = (10, unchecked((int)exponent));
        return true;
    }

    /// <summary>Go's <c>math.Pow10</c>: tables of exact powers to 1e31 and of 1e32 steps, so its rounding is Go's.</summary>
    private static double Pow10(int n) => n switch
    {
        >= 0 and <= 308 => Power(32 * (n / 32)) * Power(n % 32),
        < 0 and >= -323 => Power(-32 * (-n / 32)) / Power(-n % 32),
        > 308 => double.PositiveInfinity,
        _ => 0,
    };

    private static double Power(int n) => double.Parse("1e" + n.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
