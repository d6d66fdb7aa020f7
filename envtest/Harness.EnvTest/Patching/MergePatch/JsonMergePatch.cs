using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Patching.MergePatch;

/// <summary>JSON merge patch (RFC 7386), <c>application/merge-patch+json</c>.</summary>
internal static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patchBody"/> to a copy of <paramref name="target"/>.</summary>
    /// <exception cref="PatchException">400 <c>Invalid JSON Patch</c> when the body is not JSON or is <c>null</c>.</exception>
    public static JsonNode? Apply(JsonObject target, ReadOnlySpan<byte> patchBody)
    {
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(patchBody);
        }
        catch (JsonException)
        {
            throw PatchException.BadRequest("Invalid JSON Patch");
        }

        if (patch is null)
        {
            throw PatchException.BadRequest("Invalid JSON Patch");
        }

        return Merge(target.DeepClone(), patch);
    }

    /// <summary>
    /// kube-apiserver's strict read of the body under <c>fieldValidation</c> Strict and Warn, before the patch is applied:
    /// an object or null (malformed JSON is left to <see cref="Apply"/>).
    /// </summary>
    /// <exception cref="PatchException">400 <c>error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}</c>.</exception>
    public static void CheckObject(ReadOnlySpan<byte> patchBody)
    {
        var reader = new Utf8JsonReader(patchBody, new JsonReaderOptions { MaxDepth = 10000 });
        try
        {
            if (reader.Read() && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.Null))
            {
                var kind = GoValueFormat.Kind(JsonElement.ParseValue(ref reader).ValueKind);
                throw PatchException.BadRequest($"error decoding patch: json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}");
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: Apply answers it.
        }
    }

    /// <summary>RFC 7386 <c>MergePatch(Target, Patch)</c>.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return WithoutNullMembers(patch?.DeepClone());
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var existing = result[name];
            var merged = Merge(existing, value);
            if (!ReferenceEquals(merged, existing))
            {
                result[name] = merged;
            }
        }

        return result;
    }

    private static JsonNode? WithoutNullMembers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, value) in obj)
                {
                    WithoutNullMembers(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNullMembers(item);
                }

                break;
        }

        return node;
    }
}
