using System.Globalization;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// Reads the first document of a YAML stream as JSON, with plain scalars typed by the caller's resolver. A key that a
/// mapping repeats keeps its last value, as go-yaml does, and is recorded in go-yaml's strict-mode wording
/// (<c>line 5: key "name" already set in map</c>, the line of the repeated key).
/// </summary>
internal static class YamlDocumentReader
{
    /// <summary>The document as JSON (null for an empty stream); repeated keys are added to <paramref name="duplicateKeys"/>.</summary>
    /// <exception cref="YamlException">The text is not YAML, or a key is not a scalar.</exception>
    public static JsonNode? Read(string yaml, Func<Scalar, JsonNode?> resolve, List<string> duplicateKeys)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
        {
            return null;
        }

        return new Reading(parser, resolve, duplicateKeys, null).Node();
    }

    /// <summary>
    /// Every document of a YAML stream (a JSON text is one document), each with the mark it starts at; the start of each
    /// mapping read is passed to <paramref name="located"/>. Repeated keys keep their last value.
    /// </summary>
    /// <exception cref="YamlException">The text is not YAML, or a key is not a scalar.</exception>
    public static IReadOnlyList<(Mark Start, JsonNode? Node)> ReadAll(string yaml, Func<Scalar, JsonNode?> resolve, Action<JsonObject, Mark> located)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<(Mark, JsonNode?)>();
        while (parser.TryConsume<DocumentStart>(out var start))
        {
            var reading = new Reading(parser, resolve, [], located);
            var node = parser.Accept<DocumentEnd>(out _) ? null : reading.Node();
            documents.Add((start.Start, node));
            parser.Consume<DocumentEnd>();
        }

        return documents;
    }

    private sealed class Reading(IParser parser, Func<Scalar, JsonNode?> resolve, List<string> duplicateKeys, Action<JsonObject, Mark>? located)
    {
        private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

        public JsonNode? Node()
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                return _anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target?.DeepClone()
                    : throw new YamlException(alias.Start, alias.End, $"unknown anchor '{alias.Value.Value}' referenced");
            }

            if (parser.TryConsume<Scalar>(out var scalar))
            {
                return Anchored(scalar.Anchor, resolve(scalar));
            }

            if (parser.TryConsume<SequenceStart>(out var sequence))
            {
                var array = new JsonArray();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    array.Add(Node());
                }

                return Anchored(sequence.Anchor, array);
            }

            var mapping = parser.Consume<MappingStart>();
            var obj = new JsonObject();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            located?.Invoke(obj, mapping.Start);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Current as Scalar
                    ?? throw new YamlException(parser.Current!.Start, parser.Current.End, "mapping keys must be scalars");
                parser.MoveNext();
                var value = Node();
                var resolved = resolve(key);
                if (!keys.Add(resolved?.ToJsonString() ?? "null"))
                {
                    duplicateKeys.Add($"line {key.Start.Line}: key {GoKey(resolved)} already set in map");
                }

                obj[JsonKey(key, resolved)] = value;
            }

            return Anchored(mapping.Anchor, obj);
        }

        private JsonNode? Anchored(AnchorName anchor, JsonNode? node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }

        /// <summary>
        /// The JSON name sigs.k8s.io/yaml gives a key go-yaml decoded to <paramref name="resolved"/>: a string as it is, a
        /// boolean or integer as Go prints it (<c>y</c> is <c>"true"</c>, <c>012</c> is <c>"10"</c>), anything else as written.
        /// </summary>
        private static string JsonKey(Scalar key, JsonNode? resolved) => resolved switch
        {
            JsonValue value when value.TryGetValue<bool>(out var boolean) => boolean ? "true" : "false",
            JsonValue value when value.TryGetValue<long>(out var integer) => integer.ToString(CultureInfo.InvariantCulture),
            JsonValue value when value.TryGetValue<ulong>(out var large) => large.ToString(CultureInfo.InvariantCulture),
            _ => key.Value,
        };

        /// <summary>A key as Go's <c>%#v</c> prints the value go-yaml decoded it to: strings quoted, others bare.</summary>
        private static string GoKey(JsonNode? key) => key switch
        {
            null => "<nil>",
            JsonValue value when value.TryGetValue<string>(out var text) => GoValueFormat.Quote(text),
            _ => key.ToJsonString(),
        };
    }
}
