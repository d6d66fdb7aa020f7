using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Harness.EnvTest.Schema;

/// <summary>
/// A string <c>format</c> that apiextensions-apiserver validates (the formats it does not support are
/// stripped from the schema and never checked). Checks follow go-openapi's strfmt registry.
/// </summary>
internal sealed partial class StringFormat
{
    private static readonly Dictionary<string, StringFormat> Known = new(StringComparer.Ordinal)
    {
        ["bsonobjectid"] = new("bsonobjectid", s => BsonObjectId().IsMatch(s)),
        ["uri"] = new("uri", IsUri),
        ["email"] = new("email", s => Email().IsMatch(s)),
        ["hostname"] = new("hostname", IsHostname),
        ["ipv4"] = new("ipv4", s => s.Contains('.', StringComparison.Ordinal) && IPAddress.TryParse(s, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && Ipv4().IsMatch(s)),
        ["ipv6"] = new("ipv6", s => s.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(s, out _)),
        ["cidr"] = new("cidr", IsCidr),
        ["mac"] = new("mac", s => Mac().IsMatch(s)),
        ["uuid"] = new("uuid", s => Uuid().IsMatch(s)),
        ["uuid3"] = new("uuid3", s => Uuid3().IsMatch(s)),
        ["uuid4"] = new("uuid4", s => Uuid4().IsMatch(s)),
        ["uuid5"] = new("uuid5", s => Uuid5().IsMatch(s)),
        ["isbn"] = new("isbn", s => IsIsbn10(s) || IsIsbn13(s)),
        ["isbn10"] = new("isbn10", IsIsbn10),
        ["isbn13"] = new("isbn13", IsIsbn13),
        ["creditcard"] = new("creditcard", IsCreditCard),
        ["ssn"] = new("ssn", s => Ssn().IsMatch(s)),
        ["hexcolor"] = new("hexcolor", s => HexColor().IsMatch(s)),
        ["rgbcolor"] = new("rgbcolor", s => RgbColor().IsMatch(s)),
        ["byte"] = new("byte", IsBase64),
        ["password"] = new("password", _ => true),
        ["date"] = new("date", s => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
        ["duration"] = new("duration", s => GoDuration().IsMatch(s) || ScalaDuration().IsMatch(s)),
        ["datetime"] = new("date-time", IsDateTime),
    };

    private readonly Func<string, bool> _check;

    private StringFormat(string name, Func<string, bool> check)
    {
        Name = name;
        _check = check;
    }

    /// <summary>The format's name as written in the schema (and in error messages).</summary>
    public string Name { get; }

    /// <summary>The format kube validates for this name, or null when kube strips it.</summary>
    public static StringFormat? Find(string format)
    {
        if (!Known.TryGetValue(format.Replace("-", "", StringComparison.Ordinal), out var known))
        {
            return null;
        }

        return known.Name == format ? known : new StringFormat(format, known._check);
    }

    public bool IsValid(string value) => _check(value);

    private static bool IsUri(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        if (s[0] == '/')
        {
            return !s.Contains(' ', StringComparison.Ordinal);
        }

        return Uri.TryCreate(s, UriKind.Absolute, out _);
    }

    private static bool IsHostname(string s)
    {
        if (s.Length == 0 || s.Length > 255)
        {
            return false;
        }

        return Hostname().IsMatch(s);
    }

    private static bool IsCidr(string s)
    {
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IPAddress.TryParse(s[..slash], out var ip))
        {
            return false;
        }

        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return int.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits <= max;
    }

    private static bool IsBase64(string s)
    {
        var buffer = new byte[((s.Length * 3) / 4) + 3];
        return Convert.TryFromBase64String(s, buffer, out _);
    }

    private static bool IsDateTime(string s)
    {
        var match = DateTime().Match(s);
        if (!match.Success)
        {
            return false;
        }

        return DateTimeOffset.TryParse(s.ToUpperInvariant().Replace(' ', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static bool IsIsbn10(string s)
    {
        var digits = s.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (!Isbn10().IsMatch(digits))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (i + 1) * (digits[i] - '0');
        }

        sum += digits[9] == 'X' ? 100 : 10 * (digits[9] - '0');
        return sum % 11 == 0;
    }

    private static bool IsIsbn13(string s)
    {
        var digits = s.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (!Isbn13().IsMatch(digits))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (i % 2 == 0 ? 1 : 3) * (digits[i] - '0');
        }

        return (10 - (sum % 10)) % 10 == digits[12] - '0';
    }

    private static bool IsCreditCard(string s)
    {
        var digits = s.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (!CreditCard().IsMatch(digits))
        {
            return false;
        }

        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex BsonObjectId();

    [GeneratedRegex(@"^[^@\s<>]+@[^@\s<>]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)*\.?$")]
    private static partial Regex Hostname();

    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}$")]
    private static partial Regex Ipv4();

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{2}[:-]){7}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{2}[:-]){19}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{4}\\.){2}([0-9A-Fa-f]{4})$")]
    private static partial Regex Mac();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid3();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid4();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid5();

    [GeneratedRegex("^[0-9]{9}[0-9X]$")]
    private static partial Regex Isbn10();

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex Isbn13();

    [GeneratedRegex("^[0-9]{12,19}$")]
    private static partial Regex CreditCard();

    [GeneratedRegex(@"^\d{3}[- ]?\d{2}[- ]?\d{4}$")]
    private static partial Regex Ssn();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$")]
    private static partial Regex RgbColor();

    [GeneratedRegex(@"^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^[0-9]+\s*(ns|nanoseconds?|us|microseconds?|ms|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?|w|weeks?)$")]
    private static partial Regex ScalaDuration();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?)?$")]
    private static partial Regex DateTime();
}
