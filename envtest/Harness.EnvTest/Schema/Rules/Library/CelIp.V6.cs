namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>Go's <c>netip</c> parseIPv6, with its errors.</summary>
internal sealed partial class CelIp
{
    private static string? ParseV6(string text, out CelIp? ip, out bool hasZone)
    {
        ip = null;
        hasZone = false;
        var s = text;
        var zone = "";
        var percent = s.IndexOf('%', StringComparison.Ordinal);
        if (percent >= 0)
        {
            (s, zone) = (s[..percent], s[(percent + 1)..]);
            if (zone.Length == 0)
            {
                return AddrError(text, "zone must be a non-empty string");
            }
        }

        hasZone = zone.Length > 0;
        var bytes = new byte[16];
        var ellipsis = -1;
        if (s.StartsWith("::", StringComparison.Ordinal))
        {
            ellipsis = 0;
            s = s[2..];
            if (s.Length == 0)
            {
                ip = new CelIp(bytes);
                return null;
            }
        }

        var i = 0;
        while (i < 16)
        {
            var off = 0;
            var acc = 0u;
            for (; off < s.Length && Uri.IsHexDigit(s[off]); off++)
            {
                acc = (acc << 4) + (uint)Convert.ToInt32(s[off].ToString(), 16);
                if (off > 3)
                {
                    return AddrError(text, "each group must have 4 or less digits", s);
                }

                if (acc > ushort.MaxValue)
                {
                    return AddrError(text, "IPv6 field has value >=2^16", s);
                }
            }

            if (off == 0)
            {
                return AddrError(text, "each colon-separated field must have at least one digit", s);
            }

            if (off < s.Length && s[off] == '.')
            {
                if (ellipsis < 0 && i != 12)
                {
                    return AddrError(text, "embedded IPv4 address must replace the final 2 fields of the address", s);
                }

                if (i + 4 > 16)
                {
                    return AddrError(text, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
                }

                var end = text.Length - (zone.Length > 0 ? zone.Length + 1 : 0);
                if (ParseV4(text, end - s.Length, end, bytes.AsSpan(i, 4)) is { } v4Error)
                {
                    return v4Error;
                }

                s = "";
                i += 4;
                break;
            }

            bytes[i] = (byte)(acc >> 8);
            bytes[i + 1] = (byte)acc;
            i += 2;
            s = s[off..];
            if (s.Length == 0)
            {
                break;
            }

            if (s[0] != ':')
            {
                return AddrError(text, "unexpected character, want colon", s);
            }

            if (s.Length == 1)
            {
                return AddrError(text, "colon must be followed by more characters", s);
            }

            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return AddrError(text, "multiple :: in address", s);
                }

                ellipsis = i;
                s = s[1..];
                if (s.Length == 0)
                {
                    break;
                }
            }
        }

        if (s.Length != 0)
        {
            return AddrError(text, "trailing garbage after address", s);
        }

        if (i < 16)
        {
            if (ellipsis < 0)
            {
                return AddrError(text, "address string too short");
            }

            var n = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--)
            {
                bytes[j + n] = bytes[j];
            }

            bytes.AsSpan(ellipsis, n).Clear();
        }
        else if (ellipsis >= 0)
        {
            return AddrError(text, "the :: must expand to at least one field of zeros", s);
        }

        ip = new CelIp(bytes);
        return null;
    }
}
