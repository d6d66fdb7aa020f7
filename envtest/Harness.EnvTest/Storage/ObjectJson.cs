using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Storage;

/// <summary>Reads and writes objects as JSON nodes.</summary>
internal static class ObjectJson
{

    public static JsonObject Parse(ReadOnlySpan<byte> json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A default: sets <paramref name="owner"/>'s member <paramref name="name"/> when it is absent or null (what Go decodes as nil).</summary>
    public static void Default(JsonObject owner, string name, JsonNode value)
    {
        if (owner[name] is null)
        {
            owner[name] = value;
        }
    }

    /// <summary>Sets <paramref name="target"/>'s member <paramref name="name"/> to <paramref name="value"/> (a copy when it has a parent), or removes it when null.</summary>
    public static void SetOrRemove(JsonObject target, string name, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = value.Parent is null ? value : value.DeepClone();
        }
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    /// <summary>The JSON of <paramref name="node"/>, as kube writes an object of that <paramref name="encoding"/> (default: as it is); arranges an object in place.</summary>
    public static byte[] Serialize(JsonNode node, Serialization.ObjectEncoding? encoding = null)
    {
        var unstructured = encoding?.IsUnstructured == true;
        if (node is JsonObject obj)
        {
            encoding?.Arrange(obj);
        }

        var buffer = scratch ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            if (unstructured)
            {
                Serialization.UnstructuredJson.Write(writer, node);
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1024 * 1024)
        {
            scratch = null;
        }

        return json;
    }

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? String(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static IReadOnlyDictionary<string, string>? StringMap(JsonObject metadata, string name)
    {
        if (metadata[name] is not JsonObject map || map.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result[key] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? string.Empty;
        }

        return result;
    }

    public static List<string> Finalizers(JsonObject metadata) =>
        metadata["finalizers"] is JsonArray array
            ? array.Select(f => f is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty).ToList()
            : [];

    public static void SetFinalizers(JsonObject metadata, IReadOnlyList<string> finalizers)
    {
        if (finalizers.Count == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }

    public static long Generation(JsonObject metadata) =>
        metadata["generation"] is JsonValue value && JsonKinds.TryGetInteger(value, out var generation) ? generation : 0;

    /// <summary>Replaces <c>apiVersion</c> (conversion strategy None) when the served version differs from the stored one.</summary>
    public static byte[] WithApiVersion(byte[] json, string apiVersion)
    {
        var obj = Parse(json);
        obj["apiVersion"] = apiVersion;
        return Serialize(obj);
    }
}
