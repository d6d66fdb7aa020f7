using System.Text;
using Cel;

namespace Harness.EnvTest.Schema.Rules.Library;

/// <summary>
/// apiserver's <c>kubernetes.URL</c>: a URL checked by Go's <c>url.ParseRequestURI</c> (an absolute URL or an absolute
/// path; its errors word for word) and read by <c>url.Parse</c> (the fragment cut off first), with net/url's accessors.
/// Two are equal when their parts are (Go compares their <c>String()</c>, which those parts make).
/// </summary>
internal sealed partial record CelUrl
{
    private string Scheme { get; init; } = "";

    private string Opaque { get; init; } = "";

    private string User { get; init; } = "";

    private string Fragment { get; init; } = "";

    private string Host { get; init; } = "";

    private string Path { get; init; } = "";

    private string RawPath { get; init; } = "";

    private string RawQuery { get; init; } = "";

    public static void Register(CelEnvironment environment)
    {
        Type[] one = [typeof(CelUrl)];
        environment.RegisterFunction("url", [typeof(string)], a => Parse((string)a[0]!));
        environment.RegisterFunction("isURL", [typeof(string)], a => RequestUriError((string)a[0]!) is null);
        environment.RegisterFunction("getScheme", one, a => ((CelUrl)a[0]!).Scheme);
        environment.RegisterFunction("getHost", one, a => ((CelUrl)a[0]!).Host);
        environment.RegisterFunction("getHostname", one, a => SplitHostPort(((CelUrl)a[0]!).Host).Host);
        environment.RegisterFunction("getPort", one, a => SplitHostPort(((CelUrl)a[0]!).Host).Port);
        environment.RegisterFunction("getEscapedPath", one, a => ((CelUrl)a[0]!).EscapedPath());
        environment.RegisterFunction("getQuery", one, a => ((CelUrl)a[0]!).Query());
    }

    /// <summary>The library's <c>url()</c>: the URL, or the parse error as an <see cref="ArgumentException"/>.</summary>
    public static CelUrl Parse(string text)
    {
        if (RequestUriError(text) is { } error)
        {
            throw new ArgumentException("URL parse error during conversion from string: " + error);
        }

        var parts = text.Split('#', 2);
        return Parse(parts[0], viaRequest: false, out var url) is { } lenient
            ? throw new ArgumentException("URL parse error during conversion from string: " + Failed(parts[0], lenient))
            : url! with { Fragment = parts.Length > 1 ? parts[1] : "" };
    }

    /// <summary>url.ParseRequestURI's error, or null when <paramref name="text"/> is an absolute URL or path.</summary>
    public static string? RequestUriError(string text) => Parse(text, viaRequest: true, out _) is { } error ? Failed(text, error) : null;

    private static string Failed(string text, string error) => $"parse {GoValueFormat.Quote(text)}: {error}";

    /// <summary>net/url's parse: scheme, query, then an authority and path, or an opaque rest.</summary>
    private static string? Parse(string text, bool viaRequest, out CelUrl? url)
    {
        url = null;
        if (text.Any(c => c < 0x20 || c == 0x7f))
        {
            return "net/url: invalid control character in URL";
        }

        if (text.Length == 0 && viaRequest)
        {
            return "empty url";
        }

        if (text == "*")
        {
            url = new CelUrl { Path = "*" };
            return null;
        }

        if (SchemeOf(text, out var scheme, out var rest) is { } schemeError)
        {
            return schemeError;
        }

        scheme = scheme.ToLowerInvariant();
        var query = "";
        if (rest.EndsWith('?') && rest.Count(c => c == '?') == 1)
        {
            rest = rest[..^1];
        }
        else if (rest.IndexOf('?', StringComparison.Ordinal) is var mark and >= 0)
        {
            (rest, query) = (rest[..mark], rest[(mark + 1)..]);
        }

        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                url = new CelUrl { Scheme = scheme, Opaque = rest, RawQuery = query };
                return null;
            }

            if (viaRequest)
            {
                return "invalid URI for request";
            }

            if (rest.Split('/', 2)[0].Contains(':', StringComparison.Ordinal))
            {
                return "first path segment in URL cannot contain colon";
            }
        }

        var (host, user) = ("", "");
        if ((scheme.Length > 0 || (!viaRequest && !rest.StartsWith("///", StringComparison.Ordinal))) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            rest = "";
            if (authority.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
            {
                (authority, rest) = (authority[..slash], authority[slash..]);
            }

            if (ParseAuthority(authority, out host) is { } authorityError)
            {
                return authorityError;
            }

            user = authority.LastIndexOf('@') is var at and >= 0 ? authority[..at] : "";
        }

        if (Unescape(rest, Encoding.Path, out var path) is { } pathError)
        {
            return pathError;
        }

        url = new CelUrl { Scheme = scheme, User = user, Host = host, Path = path, RawPath = Escape(path, Encoding.Path) == rest ? "" : rest, RawQuery = query };
        return null;
    }

    /// <summary>getScheme: letters, then letters, digits, <c>+</c>, <c>-</c>, <c>.</c> up to a colon; else no scheme.</summary>
    private static string? SchemeOf(string text, out string scheme, out string rest)
    {
        (scheme, rest) = ("", text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0)
                {
                    return null;
                }

                continue;
            }

            if (c == ':')
            {
                if (i == 0)
                {
                    return "missing protocol scheme";
                }

                (scheme, rest) = (text[..i], text[(i + 1)..]);
            }

            return null;
        }

        return null;
    }

    /// <summary>parseAuthority: the host after the last <c>@</c>, the user information before it checked.</summary>
    private static string? ParseAuthority(string authority, out string host)
    {
        var at = authority.LastIndexOf('@');
        if (ParseHost(at < 0 ? authority : authority[(at + 1)..], out host) is { } error)
        {
            return error;
        }

        if (at < 0)
        {
            return null;
        }

        var userinfo = authority[..at];
        if (!userinfo.All(c => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal)))
        {
            return "net/url: invalid userinfo";
        }

        var colon = userinfo.IndexOf(':', StringComparison.Ordinal);
        return Unescape(colon < 0 ? userinfo : userinfo[..colon], Encoding.UserPassword, out _)
            ?? (colon < 0 ? null : Unescape(userinfo[(colon + 1)..], Encoding.UserPassword, out _));
    }

    /// <summary>parseHost: a bracketed IP literal (with an optional <c>%25</c> zone) or a name, then an optional numeric port.</summary>
    private static string? ParseHost(string host, out string parsed)
    {
        parsed = "";
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0)
            {
                return "missing ']' in host";
            }

            var colonPort = host[(close + 1)..];
            if (!ValidOptionalPort(colonPort))
            {
                return $"invalid port {GoValueFormat.Quote(colonPort)} after host";
            }

            var zone = host[..close].IndexOf("%25", StringComparison.Ordinal);
            if (zone >= 0)
            {
                var parts = new[] { (host[..zone], Encoding.Host), (host[zone..close], Encoding.Zone), (host[close..], Encoding.Host) };
                foreach (var (part, mode) in parts)
                {
                    if (Unescape(part, mode, out var decoded) is { } error)
                    {
                        parsed = "";
                        return error;
                    }

                    parsed += decoded;
                }

                return null;
            }
        }
        else if (host.LastIndexOf(':') is var colon and >= 0 && !ValidOptionalPort(host[colon..]))
        {
            return $"invalid port {GoValueFormat.Quote(host[colon..])} after host";
        }

        return Unescape(host, Encoding.Host, out parsed);
    }

    private static bool ValidOptionalPort(string port) => port.Length == 0 || (port[0] == ':' && port[1..].All(char.IsAsciiDigit));

    /// <summary>splitHostPort: a trailing numeric port split off, the brackets of an IP literal removed.</summary>
    private static (string Host, string Port) SplitHostPort(string hostPort)
    {
        var (host, port) = (hostPort, "");
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && ValidOptionalPort(host[colon..]))
        {
            (host, port) = (host[..colon], host[(colon + 1)..]);
        }

        return (host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, port);
    }

    /// <summary>URL.EscapedPath: the path as written when that is a valid encoding of it, else the path escaped.</summary>
    private string EscapedPath()
    {
        if (RawPath.Length > 0 && ValidEncoded(RawPath) && Unescape(RawPath, Encoding.Path, out var path) is null && path == Path)
        {
            return RawPath;
        }

        return Path == "*" ? "*" : Escape(Path, Encoding.Path);
    }

    /// <summary>URL.Query: each <c>&amp;</c>-separated pair unescaped (a <c>+</c> a space), in order; pairs with a <c>;</c> or a bad escape skipped.</summary>
    private Dictionary<string, object?> Query()
    {
        var values = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        foreach (var pair in RawQuery.Split('&'))
        {
            if (pair.Length == 0 || pair.Contains(';', StringComparison.Ordinal))
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (Unescape(equals < 0 ? pair : pair[..equals], Encoding.QueryComponent, out var key) is null
                && Unescape(equals < 0 ? "" : pair[(equals + 1)..], Encoding.QueryComponent, out var value) is null)
            {
                (values.TryGetValue(key, out var list) ? list : values[key] = []).Add(value);
            }
        }

        return values.ToDictionary(e => e.Key, e => (object?)e.Value.ToArray(), StringComparer.Ordinal);
    }
}
