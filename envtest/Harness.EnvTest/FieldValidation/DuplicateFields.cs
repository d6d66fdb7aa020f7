using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// Finds keys that repeat within one JSON object (<c>metadata.name</c>, <c>spec.items[0].size</c>), in document
/// order and each once, as kube's strict JSON decoder reports them; and reads such a document with the last value winning.
/// </summary>
internal static class DuplicateFields
{
    /// <summary>The paths of repeated keys, or null when there are none.</summary>
    public static List<string>? Find(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 10000 });
        var frames = new List<Frame>();
        List<string>? found = null;
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var owner = frames[^1];
                    property = reader.GetString()!;
                    owner.Keys ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!owner.Keys.Add(property))
                    {
                        var path = Join(owner.Path, property);
                        found ??= [];
                        if (!found.Contains(path))
                        {
                            found.Add(path);
                        }
                    }

                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    frames.Add(new Frame(ChildPath(frames, property), reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    Advance(frames);
                    break;
                default:
                    Advance(frames);
                    break;
            }
        }

        return found;
    }

    /// <summary>Parses JSON whose objects may repeat keys: the last value of a key wins, as in Go's decoder.</summary>
    public static JsonNode? ParseLastWins(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 10000 });
        return Convert(document.RootElement);
    }

    private static JsonNode? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = Convert(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Convert(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    private static string ChildPath(List<Frame> frames, string? property)
    {
        if (frames.Count == 0)
        {
            return string.Empty;
        }

        var parent = frames[^1];
        return parent.IsArray ? parent.Path + "[" + parent.Index.ToString(CultureInfo.InvariantCulture) + "]" : Join(parent.Path, property!);
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; }

        public HashSet<string>? Keys { get; set; }
    }
}
