using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Harness.Reflectors;

/// <summary>
/// <see cref="KubernetesJson"/>'s serialization straight from and to UTF-8 bytes. KubernetesJson reads only strings,
/// streams and JSON trees and writes only strings, so bytes that came off the wire, or go back to it, crossed UTF-16
/// twice; its options, which it hands out to be configured, are used here as they are.
/// </summary>
public static class KubernetesUtf8Json
{
    private static readonly JsonSerializerOptions Options = CaptureOptions();

    public static T? Deserialize<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Serializes <paramref name="value"/> as its runtime type, as <see cref="KubernetesJson.Serialize(object, JsonSerializerOptions)"/> does.</summary>
    public static byte[] Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);
    }

    /// <summary>
    /// <paramref name="value"/> (as its runtime type) as a JSON tree, null for null: written to a pooled UTF-8 buffer and
    /// parsed from it, never through a string.
    /// </summary>
    public static JsonNode? SerializeToNode(object? value)
        => value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), Options);

    /// <summary>Reads a JSON tree as <typeparamref name="T"/>.</summary>
    public static T? Deserialize<T>(JsonNode node) => node.Deserialize<T>(Options);

    private static JsonSerializerOptions CaptureOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options!;
    }
}
