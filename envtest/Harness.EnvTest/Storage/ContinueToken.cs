using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Storage;

/// <summary>
/// The opaque <c>continue</c> token of paged lists, shaped as kube's: base64 of <c>{"v","rv","start"}</c>, the start key
/// relative to the list's key prefix as etcd3 storage's <c>EncodeContinue</c> writes it (<c>/name\u0000</c> in a namespace,
/// <c>/namespace/name\u0000</c> across them); a bad one answers 400 with storage's <c>DecodeContinue</c> error as the store
/// reports it (<c>invalid continue token: ...</c>).
/// </summary>
internal static class ContinueToken
{
    private const string Invalid = "continue key is not valid";

    /// <summary>The token of a page that ended at store key <paramref name="lastKey"/> of a list of keys starting <paramref name="keyPrefix"/>.</summary>
    public static string Encode(long revision, string lastKey, string keyPrefix)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = "/" + lastKey[keyPrefix.Length..] + "\0" }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }

    /// <summary>The revision and the store key to start from of <paramref name="token"/>, read for a list of keys starting <paramref name="keyPrefix"/>.</summary>
    public static (long Revision, string Start) Decode(string token, string keyPrefix)
    {
        var data = DecodeBase64(token);
        var (version, revision, start) = ReadToken(data);
        if (version != "meta.k8s.io/v1")
        {
            throw Bad($"{Invalid}: server does not recognize this encoded version {version}");
        }

        if (revision == 0)
        {
            throw Bad($"{Invalid}: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }

        if (start.Length == 0)
        {
            throw Bad($"{Invalid}: encoded start key empty (version meta.k8s.io/v1)");
        }

        var key = start.StartsWith('/') ? start : "/" + start;
        return Clean(key) == key ? (revision, keyPrefix + key[1..]) : throw Bad($"{Invalid}: {start}");
    }

    /// <summary>Go's <c>path.Clean</c> of a rooted path: no empty, <c>.</c> or <c>..</c> segments, no trailing slash.</summary>
    private static string Clean(string rooted)
    {
        var segments = new List<string>();
        foreach (var segment in rooted.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment.Length > 0 && segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>Go's <c>base64.RawURLEncoding.DecodeString</c>, with its error for the first byte it cannot take.</summary>
    private static byte[] DecodeBase64(string token)
    {
        for (var i = 0; i < token.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(token[i]) && token[i] is not ('-' or '_'))
            {
                throw Bad($"{Invalid}: illegal base64 data at input byte {i}");
            }
        }

        if (token.Length % 4 == 1)
        {
            throw Bad($"{Invalid}: illegal base64 data at input byte {token.Length - 1}");
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    /// <summary>The token's fields as Go's <c>json.Unmarshal</c> reads them into <c>continueToken</c> (absent fields are zero).</summary>
    private static (string Version, long Revision, string Start) ReadToken(byte[] data)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(data);
        }
        catch (JsonException e)
        {
            throw Bad($"{Invalid}: {GoJsonSyntaxError(data) ?? e.Message}");
        }

        if (node is not JsonObject obj)
        {
            throw Bad($"{Invalid}: json: cannot unmarshal {GoKind(node)} into Go value of type storage.continueToken");
        }

        return (Field<string>(obj, "v", "string") ?? "", Field<long>(obj, "rv", "int64"), Field<string>(obj, "start", "string") ?? "");
    }

    private static T? Field<T>(JsonObject obj, string name, string goType)
    {
        var value = obj[name];
        if (value is null)
        {
            return default;
        }

        return value is JsonValue scalar && scalar.TryGetValue<T>(out var typed)
            ? typed
            : throw Bad($"{Invalid}: json: cannot unmarshal {GoKind(value)} into Go struct field continueToken.{name} of type {goType}");
    }

    private static string GoKind(JsonNode? node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        null => "null",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "bool",
        },
    };

    /// <summary>
    /// Go's scanner error for JSON that does not parse, when what it meets first is no value at all or a byte that cannot
    /// start one; null for errors further in.
    /// </summary>
    private static string? GoJsonSyntaxError(byte[] data)
    {
        var start = Array.FindIndex(data, b => b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'));
        if (start < 0)
        {
            return "unexpected end of JSON input";
        }

        var first = data[start];
        return "{[\"-0123456789tfn".Contains((char)first, StringComparison.Ordinal)
            ? null
            : $"invalid character {GoQuoteChar(first)} looking for beginning of value";
    }

    /// <summary>Go's <c>encoding/json</c> <c>quoteChar</c>: the byte as a rune in single quotes.</summary>
    private static string GoQuoteChar(byte c) => c switch
    {
        (byte)'\'' => "'\\''",
        (byte)'"' => "'\"'",
        _ when c < 0x20 || c == 0x7f => Schema.GoValueFormat.Quote(((char)c).ToString()),
        _ => $"'{(char)c}'",
    };

    private static ApiStatusException Bad(string message) => ApiErrors.BadRequest("invalid continue token: " + message);
}
