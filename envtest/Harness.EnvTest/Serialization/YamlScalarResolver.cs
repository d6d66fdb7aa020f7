using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// Types a YAML scalar as go-yaml v2 (sigs.k8s.io/yaml, kube-apiserver's YAML decoder) resolves it, YAML 1.1 style: quoted or
/// <c>!!str</c> scalars are strings; plain <c>y</c>/<c>yes</c>/<c>on</c>/<c>true</c> (and their <c>n</c>/<c>no</c>/<c>off</c>/<c>false</c>
/// twins) booleans; integers as Go's <c>strconv.ParseInt(s, 0, 64)</c> reads them once underscores are dropped (<c>0x</c>,
/// <c>0o</c>, <c>0b</c> and a leading <c>0</c> for octal), then as <c>uint64</c>; floats of YAML's plain form.
/// </summary>
internal static partial class YamlScalarResolver
{
    private static readonly HashSet<string> SpecialFloats =
        [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"];

    public static JsonNode? Resolve(Scalar scalar)
    {
        var text = scalar.Value;
        return scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str")
            ? JsonValue.Create(text)
            : ResolvePlain(text);
    }

    /// <summary>
    /// Whether go-yaml v2 writes <paramref name="text"/> as a plain scalar: unquoted it would read back as this string, not
    /// as a null, bool, number, infinity, merge key, timestamp or base-60 float (its encoder double-quotes those).
    /// </summary>
    public static bool ReadsAsString(string text) =>
        !SpecialFloats.Contains(text) && text != "<<" && !IsTimestamp(text) && !Base60Pattern().IsMatch(text)
        && ResolvePlain(text) is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    private static JsonNode? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '+' or '-' or '.'))
        {
            return JsonValue.Create(text);
        }

        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (GoInteger(plain) is { } integer)
        {
            return integer >= long.MinValue && integer <= long.MaxValue ? JsonValue.Create((long)integer) : JsonValue.Create((ulong)integer);
        }

        return (text[0] == '.' || FloatPattern().IsMatch(plain))
            && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }

    /// <summary>Go's <c>ParseInt(s, 0, 64)</c>, falling back to <c>ParseUint</c>: null when neither reads it.</summary>
    private static BigInteger? GoInteger(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        var (radix, body) = digits.Length > 1 && digits[0] == '0'
            ? char.ToLowerInvariant(digits[1]) switch
            {
                'x' => (16, digits[2..]),
                'o' => (8, digits[2..]),
                'b' => (2, digits[2..]),
                _ => (8, digits[1..]),
            }
            : (10, digits);
        if (body.Length == 0)
        {
            return null;
        }

        BigInteger value = 0;
        foreach (var c in body)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : radix;
            if (digit >= radix)
            {
                return null;
            }

            value = (value * radix) + digit;
        }

        value = negative ? -value : value;
        return value >= long.MinValue && value <= ulong.MaxValue ? value : null;
    }

    /// <summary>go-yaml v2's timestamp layouts, as Go's <c>time.Parse</c> reads them: a date, with a zoned <c>T</c> time or an unzoned one.</summary>
    private static bool IsTimestamp(string text)
    {
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Number(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var (year, month, day) = (Number("y"), Number("mo"), Number("d"));
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month)
            && Number("h") < 24 && Number("mi") < 60 && Number("s") < 60;
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<mo>[0-9]{1,2})-(?<d>[0-9]{1,2})(?:[Tt](?<h>[0-9]{1,2}):(?<mi>[0-9]{1,2}):(?<s>[0-9]{1,2})(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})| (?<h>[0-9]{1,2}):(?<mi>[0-9]{1,2}):(?<s>[0-9]{1,2})(?:\.[0-9]+)?)?$")]
    private static partial Regex TimestampPattern();

    /// <summary>go-yaml v2's <c>isBase60Float</c> pattern (<c>1:20</c>).</summary>
    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")]
    private static partial Regex Base60Pattern();

    /// <summary>go-yaml's <c>yamlStyleFloat</c>.</summary>
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
