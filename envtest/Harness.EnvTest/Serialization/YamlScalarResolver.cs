using System.Globalization;
using System.Numerics;
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
    public static JsonNode? Resolve(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(text);
        }

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

    /// <summary>go-yaml's <c>yamlStyleFloat</c>.</summary>
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
