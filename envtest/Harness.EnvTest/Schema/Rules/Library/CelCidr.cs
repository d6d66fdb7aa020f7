using System.Globalization;
using Cel;

namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>
/// apiserver's <c>net.CIDR</c>: a netip.Prefix (an address, not masked, and a prefix length), parsed as Go's
/// <c>netip.ParsePrefix</c> parses (its errors word for word, wrapped twice as the library wraps them) less an IPv4-mapped
/// IPv6 address.
/// </summary>
internal sealed class CelCidr(CelIp address, int bits) : IEquatable<CelCidr>
{
    private const string ParseError = "network address parse error during conversion from string: ";

    public CelIp Address { get; } = address;

    public int Bits { get; } = bits;

    public static void Register(CelEnvironment environment)
    {
        Type[] one = [typeof(CelCidr)];
        environment.RegisterFunction("cidr", [typeof(string)], a => Parse((string)a[0]!));
        environment.RegisterFunction("isCIDR", [typeof(string)], a => TryParse((string)a[0]!, out _) is null);
        environment.RegisterFunction("string", one, a => a[0]!.ToString());
        environment.RegisterFunction("ip", one, a => ((CelCidr)a[0]!).Address);
        environment.RegisterFunction("prefixLength", one, a => (long)((CelCidr)a[0]!).Bits);
        environment.RegisterFunction("masked", one, a => ((CelCidr)a[0]!).Masked());
        environment.RegisterFunction("containsIP", [typeof(CelCidr), typeof(CelIp)], a => ((CelCidr)a[0]!).Contains((CelIp)a[1]!));
        environment.RegisterFunction("containsIP", [typeof(CelCidr), typeof(string)], a => ((CelCidr)a[0]!).Contains(
            CelIp.TryParse((string)a[1]!, out var ip) is null ? ip! : throw new CelNoSuchOverloadException("no such overload")));
        environment.RegisterFunction("containsCIDR", [typeof(CelCidr), typeof(CelCidr)], a => ((CelCidr)a[0]!).Contains((CelCidr)a[1]!));
        environment.RegisterFunction("containsCIDR", [typeof(CelCidr), typeof(string)], a => ((CelCidr)a[0]!).Contains(Parse((string)a[1]!)));
    }

    /// <summary>The library's <c>cidr()</c>: the prefix, or its error as an <see cref="ArgumentException"/>.</summary>
    public static CelCidr Parse(string text) => TryParse(text, out var cidr) is { } error ? throw new ArgumentException(ParseError + error) : cidr!;

    /// <summary>The library's <c>parseCIDR</c>: null and the prefix, or the error's text.</summary>
    public static string? TryParse(string text, out CelCidr? cidr)
    {
        cidr = null;
        var slash = text.LastIndexOf('/');
        if (slash < 0)
        {
            return ParseError + PrefixError(text, "no '/'");
        }

        if (CelIp.ParseAddr(text[..slash], out var ip, out var zone) is { } error)
        {
            return ParseError + PrefixError(text, error);
        }

        if (zone)
        {
            return ParseError + PrefixError(text, "IPv6 zones cannot be present in a prefix");
        }

        var bits = text[(slash + 1)..];
        if ((bits.Length > 1 && bits[0] is < '1' or > '9') || !int.TryParse(bits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var length))
        {
            return ParseError + PrefixError(text, "bad bits after slash: " + GoValueFormat.Quote(bits));
        }

        if (length < 0 || length > (ip!.IsV4 ? 32 : 128))
        {
            return ParseError + PrefixError(text, "prefix length out of range");
        }

        if (ip.IsV4InV6)
        {
            return $"IPv4-mapped IPv6 address {GoValueFormat.Quote(text)} is not allowed";
        }

        cidr = new CelCidr(ip, length);
        return null;
    }

    /// <summary>Prefix.Masked: the address with the bits past the prefix cleared.</summary>
    public CelCidr Masked()
    {
        var bytes = Address.Bytes.ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            var kept = Math.Clamp(Bits - (8 * i), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - kept));
        }

        return new CelCidr(CelIp.From(bytes), Bits);
    }

    /// <summary>Prefix.Contains: an address of the same family whose first <see cref="Bits"/> bits are the prefix's.</summary>
    public bool Contains(CelIp ip) => ip.IsV4 == Address.IsV4 && new CelCidr(ip, Bits).Masked().Address.Equals(Masked().Address);

    /// <summary>The library's containsCIDR: <paramref name="other"/>'s address masked to this length is this prefix, and no shorter.</summary>
    public bool Contains(CelCidr other) => Masked().Equals(new CelCidr(other.Address, Bits).Masked()) && Bits <= other.Bits;

    public bool Equals(CelCidr? other) => other is not null && Bits == other.Bits && Address.Equals(other.Address);

    public override bool Equals(object? obj) => Equals(obj as CelCidr);

    public override int GetHashCode() => HashCode.Combine(Address, Bits);

    public override string ToString() => $"{Address}/{Bits.ToString(CultureInfo.InvariantCulture)}";

    private static string PrefixError(string text, string message) => $"netip.ParsePrefix({GoValueFormat.Quote(text)}): {message}";
}
