using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// Converts a YAML document to JSON as kube's yaml decoder does: plain scalars typed, quoted ones strings, and the keys
/// of every object in byte order (kube hands the decoder JSON marshalled from a Go map), so fields are reported in that order.
/// </summary>
internal static class YamlJson
{
    /// <summary>The document; keys a mapping repeats keep their last value and are added to <paramref name="duplicateKeys"/>.</summary>
    public static JsonNode? Convert(string yaml, List<string> duplicateKeys) => Sorted(YamlDocumentReader.Read(yaml, YamlScalarResolver.Resolve, duplicateKeys));

    /// <summary>Every document of a YAML (or JSON) stream with its start, typed as <see cref="Convert"/> types them; see <see cref="YamlDocumentReader.ReadAll"/>.</summary>
    public static IReadOnlyList<(Mark Start, JsonNode? Node)> ConvertAll(string yaml, Action<JsonObject, Mark> located) =>
        [.. YamlDocumentReader.ReadAll(yaml, YamlScalarResolver.Resolve, located).Select(d => (d.Start, Sorted(d.Node)))];

    private static JsonNode? Sorted(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var properties = obj.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                obj.Clear();
                foreach (var (key, value) in properties)
                {
                    obj[key] = Sorted(value);
                }

                return obj;
            case JsonArray array:
                foreach (var item in array)
                {
                    Sorted(item);
                }

                return array;
            default:
                return node;
        }
    }
}
