using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// Finds keys that repeat within one JSON object (<c>metadata.name</c>, <c>spec.items[0].size</c>), in document
/// order and each once, as kube's strict JSON decoder reports them; and reads such a document with the last value winning.
/// </summary>
internal static class DuplicateFields
{
    /// <summary>The paths of repeated keys, or null when there are none. Compares raw key bytes; allocates only for findings.</summary>
    public static List<string>? Find(ReadOnlySpan<byte> json) => Scan(json, null)?.Select(f => f.Path).ToList();

    /// <summary>
    /// The strict decoding errors of a list of operations (a JSON patch), in document order: keys repeated anywhere, and keys of
    /// an operation outside <paramref name="operationFields"/>, with paths such as <c>[1].path</c>.
    /// </summary>
    public static List<string>? FindInOperations(ReadOnlySpan<byte> json, IReadOnlySet<string> operationFields) =>
        Scan(json, operationFields)?.Select(f => f.Unknown ? StrictDecodingErrors.UnknownField(f.Path) : StrictDecodingErrors.DuplicateField(f.Path)).ToList();

    private static List<(string Path, bool Unknown)>? Scan(ReadOnlySpan<byte> json, IReadOnlySet<string>? operationFields)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 10000 });
        var frames = new List<Frame>();
        var keys = new List<Range>();
        List<(string Path, bool Unknown)>? found = null;
        var property = default(Range);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var first = (int)reader.TokenStartIndex + 1;
                    property = new Range(first, first + reader.ValueSpan.Length);
                    var unknown = operationFields is not null && frames.Count == 2 && frames[0].IsArray && !operationFields.Contains(reader.GetString()!);
                    var repeated = false;
                    for (var i = frames[^1].KeysStart; i < keys.Count && !repeated; i++)
                    {
                        repeated = json[keys[i]].SequenceEqual(json[property]);
                    }

                    if (unknown || repeated)
                    {
                        var finding = (PathOf(json, frames, property), unknown);
                        found ??= [];
                        if (!found.Contains(finding))
                        {
                            found.Add(finding);
                        }
                    }

                    keys.Add(property);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var parentIsArray = frames.Count > 0 && frames[^1].IsArray;
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, keys.Count, parentIsArray ? default : property, parentIsArray ? frames[^1].Index : -1));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    keys.RemoveRange(frames[^1].KeysStart, keys.Count - frames[^1].KeysStart);
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

    private static string PathOf(ReadOnlySpan<byte> json, List<Frame> frames, Range property)
    {
        var path = new StringBuilder();
        for (var i = 1; i < frames.Count; i++)
        {
            if (frames[i].EntryIndex >= 0)
            {
                path.Append('[').Append(frames[i].EntryIndex.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(Encoding.UTF8.GetString(json[frames[i].EntryName]));
            }
        }

        return path.Append(path.Length == 0 ? string.Empty : ".").Append(Encoding.UTF8.GetString(json[property])).ToString();
    }

    private static void Advance(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            var top = frames[^1];
            frames[^1] = top with { Index = top.Index + 1 };
        }
    }

    /// <summary>An open object or array: where its keys start in the key list, how it was entered (by name, or at an index of its parent array).</summary>
    private readonly record struct Frame(bool IsArray, int KeysStart, Range EntryName, int EntryIndex)
    {
        public int Index { get; init; }
    }
}
