using System.Globalization;
using System.Text;
using Cel;

namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>
/// apiserver's <c>net.IP</c>: a netip.Addr of 4 or 16 bytes, parsed as Go's <c>netip.ParseAddr</c> parses (its errors
/// word for word) less what the library refuses (a zone, an IPv4-mapped IPv6 address), printed as <c>Addr.String()</c>.
/// </summary>
internal sealed partial class CelIp : IEquatable<CelIp>
{
    private readonly byte[] _bytes;

    private CelIp(byte[] bytes) => _bytes = bytes;

    public bool IsV4 => _bytes.Length == 4;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static void Register(CelEnvironment environment)
    {
        Type[] one = [typeof(CelIp)];
        environment.RegisterFunction("ip", [typeof(string)], a => Parse((string)a[0]!));
        environment.RegisterFunction("isIP", [typeof(string)], a => TryParse((string)a[0]!, out _) is null);
        environment.RegisterFunction(CelNamespacedCalls.Name("ip.isCanonical"), [typeof(string)], a => Parse((string)a[0]!).ToString() == (string)a[0]!);
        environment.RegisterFunction("string", one, a => a[0]!.ToString());
        environment.RegisterFunction("family", one, a => ((CelIp)a[0]!).IsV4 ? 4L : 6L);
        environment.RegisterFunction("isUnspecified", one, a => ((CelIp)a[0]!).IsUnspecified);
        environment.RegisterFunction("isLoopback", one, a => ((CelIp)a[0]!).IsLoopback);
        environment.RegisterFunction("isLinkLocalMulticast", one, a => ((CelIp)a[0]!).IsLinkLocalMulticast);
        environment.RegisterFunction("isLinkLocalUnicast", one, a => ((CelIp)a[0]!).IsLinkLocalUnicast);
        environment.RegisterFunction("isGlobalUnicast", one, a => ((CelIp)a[0]!).IsGlobalUnicast);
    }

    /// <summary>The library's <c>parseIPAddr</c>: the address, or its error as an <see cref="ArgumentException"/>.</summary>
    public static CelIp Parse(string text) => TryParse(text, out var ip) is { } error ? throw new ArgumentException(error) : ip!;

    /// <summary>The library's <c>parseIPAddr</c>: null and the address, or the error's text.</summary>
    public static string? TryParse(string text, out CelIp? ip)
    {
        var error = ParseAddr(text, out ip, out var zone);
        return error is not null ? $"IP Address {GoValueFormat.Quote(text)} parse error during conversion from string: {error}"
            : zone ? $"IP address {GoValueFormat.Quote(text)} with zone value is not allowed"
            : ip!.IsV4InV6 ? $"IPv4-mapped IPv6 address {GoValueFormat.Quote(text)} is not allowed"
            : null;
    }

    /// <summary>Go's <c>netip.ParseAddr</c>: null and the address (and whether it had a zone), or the error's text.</summary>
    public static string? ParseAddr(string text, out CelIp? ip, out bool zone)
    {
        ip = null;
        zone = false;
        foreach (var c in text)
        {
            switch (c)
            {
                case '.':
                    var v4 = new byte[4];
                    var error = ParseV4(text, 0, text.Length, v4);
                    ip = error is null ? new CelIp(v4) : null;
                    return error;
                case ':':
                    return ParseV6(text, out ip, out zone);
                case '%':
                    return AddrError(text, "missing IPv6 address");
            }
        }

        return AddrError(text, "unable to parse IP");
    }

    public bool IsV4InV6 => !IsV4 && _bytes.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && _bytes[10] == 0xff && _bytes[11] == 0xff;

    public bool IsUnspecified => _bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    public bool IsLoopback => IsV4 ? _bytes[0] == 127 : _bytes.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0 && _bytes[15] == 1;

    public bool IsMulticast => IsV4 ? (_bytes[0] & 0xf0) == 0xe0 : _bytes[0] == 0xff;

    public bool IsLinkLocalMulticast => IsV4 ? _bytes[0] == 224 && _bytes[1] == 0 && _bytes[2] == 0 : _bytes[0] == 0xff && (_bytes[1] & 0x0f) == 0x02;

    public bool IsLinkLocalUnicast => IsV4 ? _bytes[0] == 169 && _bytes[1] == 254 : _bytes[0] == 0xfe && (_bytes[1] & 0xc0) == 0x80;

    /// <summary>netip's IsGlobalUnicast: neither unspecified, the IPv4 broadcast, loopback, multicast nor link-local unicast.</summary>
    public bool IsGlobalUnicast =>
        !IsUnspecified && !(IsV4 && _bytes.AsSpan().IndexOfAnyExcept((byte)255) < 0) && !IsLoopback && !IsMulticast && !IsLinkLocalUnicast;

    /// <summary>An address of the same family from <paramref name="bytes"/>.</summary>
    public static CelIp From(byte[] bytes) => new(bytes);

    public bool Equals(CelIp? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as CelIp);

    public override int GetHashCode() => Convert.ToHexString(_bytes).GetHashCode(StringComparison.Ordinal);

    /// <summary>Addr.String(): dotted IPv4; IPv6 in lower-case hex with the longest run of two or more zero fields as <c>::</c>.</summary>
    public override string ToString()
    {
        if (IsV4)
        {
            return string.Join('.', _bytes.Select(b => b.ToString(CultureInfo.InvariantCulture)));
        }

        var fields = Enumerable.Range(0, 8).Select(i => (_bytes[2 * i] << 8) | _bytes[(2 * i) + 1]).ToArray();
        var (runStart, runLength) = (-1, 1);
        for (var i = 0; i < 8;)
        {
            var j = i;
            while (j < 8 && fields[j] == 0)
            {
                j++;
            }

            if (j - i > runLength)
            {
                (runStart, runLength) = (i, j - i);
            }

            i = j == i ? i + 1 : j;
        }

        var text = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            if (i == runStart)
            {
                text.Append("::");
                i += runLength - 1;
                continue;
            }

            if (text.Length > 0 && text[^1] != ':')
            {
                text.Append(':');
            }

            text.Append(fields[i].ToString("x", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static string AddrError(string text, string message, string? at = null) =>
        $"ParseAddr({GoValueFormat.Quote(text)}): {message}" + (string.IsNullOrEmpty(at) ? "" : $" (at {GoValueFormat.Quote(at)})");

    /// <summary>netip's parseIPv4Fields over <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>].</summary>
    private static string? ParseV4(string text, int start, int end, Span<byte> fields)
    {
        var s = text[start..end];
        int value = 0, position = 0, digits = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                if (digits == 1 && value == 0)
                {
                    return AddrError(text, "IPv4 field has octet with leading zero");
                }

                value = (value * 10) + s[i] - '0';
                digits++;
                if (value > 255)
                {
                    return AddrError(text, "IPv4 field has value >255");
                }
            }
            else if (s[i] == '.')
            {
                if (i == 0 || i == s.Length - 1 || s[i - 1] == '.')
                {
                    return AddrError(text, "IPv4 field must have at least one digit", s[i..]);
                }

                if (position == 3)
                {
                    return AddrError(text, "IPv4 address too long");
                }

                fields[position++] = (byte)value;
                (value, digits) = (0, 0);
            }
            else
            {
                return AddrError(text, "unexpected character", s[i..]);
            }
        }

        if (position < 3)
        {
            return AddrError(text, "IPv4 address too short");
        }

        fields[3] = (byte)value;
        return null;
    }
}
