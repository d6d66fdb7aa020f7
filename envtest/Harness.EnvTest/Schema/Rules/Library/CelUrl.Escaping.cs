using System.Text;

namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>net/url's percent-encoding: <c>unescape</c>, <c>escape</c>, <c>shouldEscape</c> and <c>validEncoded</c>, on UTF-8 bytes as Go's strings are.</summary>
internal sealed partial record CelUrl
{
    private enum Encoding
    {
        Path,
        Host,
        Zone,
        UserPassword,
        QueryComponent,
    }

    /// <summary>unescape: the decoded text, or Go's error for a bad escape or a character a host may not hold.</summary>
    private static string? Unescape(string text, Encoding mode, out string decoded)
    {
        decoded = "";
        var s = System.Text.Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < s.Length;)
        {
            switch (s[i])
            {
                case (byte)'%':
                    if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2]))
                    {
                        return "invalid URL escape " + GoValueFormat.Quote(Latin(s.AsSpan(i, Math.Min(3, s.Length - i))));
                    }

                    if (mode == Encoding.Host && Hex(s[i + 1]) < 8 && Latin(s.AsSpan(i, 3)) != "%25")
                    {
                        return "invalid URL escape " + GoValueFormat.Quote(Latin(s.AsSpan(i, 3)));
                    }

                    if (mode == Encoding.Zone && (Hex(s[i + 1]) << 4 | Hex(s[i + 2])) is var b && Latin(s.AsSpan(i, 3)) != "%25" && b != ' ' && ShouldEscape((byte)b, Encoding.Host))
                    {
                        return "invalid URL escape " + GoValueFormat.Quote(Latin(s.AsSpan(i, 3)));
                    }

                    i += 3;
                    break;
                default:
                    if (mode is Encoding.Host or Encoding.Zone && s[i] < 0x80 && ShouldEscape(s[i], mode))
                    {
                        return "invalid character " + GoValueFormat.Quote(((char)s[i]).ToString()) + " in host name";
                    }

                    i++;
                    break;
            }
        }

        var result = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                result.Add((byte)((Hex(s[i + 1]) << 4) | Hex(s[i + 2])));
                i += 2;
            }
            else
            {
                result.Add(s[i] == '+' && mode == Encoding.QueryComponent ? (byte)' ' : s[i]);
            }
        }

        decoded = System.Text.Encoding.UTF8.GetString([.. result]);
        return null;
    }

    /// <summary>escape: each byte <see cref="ShouldEscape"/> picks as <c>%XX</c>.</summary>
    private static string Escape(string text, Encoding mode)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            if (ShouldEscape(b, mode))
            {
                escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append((char)b);
            }
        }

        return escaped.ToString();
    }

    /// <summary>shouldEscape for the modes the library meets: unreserved characters never; a host's sub-delimiters never; the reserved ones by part.</summary>
    private static bool ShouldEscape(byte c, Encoding mode)
    {
        if (char.IsAsciiLetterOrDigit((char)c))
        {
            return false;
        }

        if (mode is Encoding.Host or Encoding.Zone && "!$&'()*+,;=:[]<>\"".Contains((char)c, StringComparison.Ordinal))
        {
            return false;
        }

        if ("-_.~".Contains((char)c, StringComparison.Ordinal))
        {
            return false;
        }

        if ("$&+,/:;=?@".Contains((char)c, StringComparison.Ordinal))
        {
            return mode switch
            {
                Encoding.Path => c == '?',
                Encoding.UserPassword => c is (byte)'@' or (byte)'/' or (byte)'?' or (byte)':',
                _ => true,
            };
        }

        return true;
    }

    /// <summary>validEncoded: every byte a sub-delimiter, <c>:</c>, <c>@</c>, a bracket, <c>%</c>, or one the path need not escape.</summary>
    private static bool ValidEncoded(string text) =>
        System.Text.Encoding.UTF8.GetBytes(text).All(b => "!$&'()*+,;=:@[]%".Contains((char)b, StringComparison.Ordinal) || !ShouldEscape(b, Encoding.Path));

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int Hex(byte b) => Convert.ToInt32(((char)b).ToString(), 16);

    private static string Latin(ReadOnlySpan<byte> bytes) => System.Text.Encoding.Latin1.GetString(bytes);
}
