using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Durations;
using Harness.Reconciling;
using Harness.Reflectors;

namespace Harness.Controller.Admission;

/// <summary>
/// How virt-api reads the objects under review: decoded into the API types (a <c>metav1.Duration</c> that Go cannot
/// parse fails the decode with Go's error), and compared as <c>equality.Semantic.DeepEqual</c> compares specs
/// (empty and absent lists or maps are equal, durations by value).
/// </summary>
internal static class SnapshotObjects
{
    public static AdmissionCause ImmutableSpec { get; } = AdmissionCause.Invalid("spec", "spec in immutable after creation");

    public static bool TryDecode<T>(JsonObject? json, [NotNullWhen(true)] out T? decoded, out string error)
        where T : class
    {
        decoded = null;
        if (json is null)
        {
            error = "unexpected end of JSON input";
            return false;
        }

        if (json["spec"]?["failureDeadline"] is JsonValue deadline && deadline.TryGetValue<string>(out var text) && GoDuration.Error(text) is { } invalid)
        {
            error = invalid;
            return false;
        }

        try
        {
            decoded = KubernetesUtf8Json.Deserialize<T>(json);
            error = "";
            return decoded is not null;
        }
        catch (JsonException malformed)
        {
            error = malformed.Message;
            return false;
        }
    }

    public static bool SameSpec<TSpec>(TSpec old, TSpec current) =>
        JsonNode.DeepEquals(Semantic(JsonSerializer.SerializeToNode(old)), Semantic(JsonSerializer.SerializeToNode(current)));

    private static JsonNode? Semantic(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    var normalized = name == "failureDeadline" && value is JsonValue text && GoDuration.TryParse(text.ToString(), out var duration)
                        ? JsonValue.Create(duration.Ticks.ToString(CultureInfo.InvariantCulture))
                        : Semantic(value);
                    if (normalized is not null)
                    {
                        result[name] = normalized;
                    }
                }

                return result.Count == 0 ? null : result;
            case JsonArray array:
                return array.Count == 0 ? null : new JsonArray([.. array.Select(item => Semantic(item) ?? JsonValue.Create((string?)null))]);
            default:
                return node?.DeepClone();
        }
    }
}
