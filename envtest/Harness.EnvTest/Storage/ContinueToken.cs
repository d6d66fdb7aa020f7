using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Storage;

/// <summary>The opaque <c>continue</c> token of paged lists, shaped as kube's: base64 of <c>{"v","rv","start"}</c>.</summary>
internal static class ContinueToken
{
    public static string Encode(long revision, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKey + "\0" }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }

    public static (long Revision, string Start) Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var node = JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
            if (node["v"]?.GetValue<string>() != "meta.k8s.io/v1")
            {
                throw ApiErrors.BadRequest("continue key is not valid: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1 required)");
            }

            var revision = node["rv"]!.GetValue<long>();
            var start = node["start"]!.GetValue<string>();
            if (revision <= 0 || start.Length == 0)
            {
                throw ApiErrors.BadRequest("continue key is not valid: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1 required)");
            }

            return (revision, start);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw ApiErrors.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
