using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-apiserver's ConfigMap validation: keys of <c>data</c> and <c>binaryData</c>, no key in both, at most 1 MiB in all, and
/// nothing of the data changes once <c>immutable</c> is set. kube walks Go maps, in no fixed order; the harness walks keys in
/// ordinal order.
/// </summary>
internal static class ConfigMapValidation
{
    /// <summary>kube's <c>MaxSecretSize</c>, the limit of a ConfigMap's and a Secret's data.</summary>
    public const int MaxSize = 1024 * 1024;

    private const string ImmutableDetail = "field is immutable when `immutable` is set";

    public static void Validate(JsonObject configMap, JsonObject? old, List<FieldError> errors)
    {
        var data = JsonFields.Object(configMap, "data");
        var binaryData = JsonFields.Object(configMap, "binaryData");
        long size = 0;
        foreach (var (key, value) in Ordered(data))
        {
            ValidateKey("data", key, errors);
            if (binaryData?.ContainsKey(key) == true)
            {
                errors.Add(FieldErrorFactory.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
            }

            size += Encoding.UTF8.GetByteCount(Text(value));
        }

        foreach (var (key, value) in Ordered(binaryData))
        {
            ValidateKey("binaryData", key, errors);
            size += DecodedLength(Text(value));
        }

        if (size > MaxSize)
        {
            // kube passes field.NewPath(""), which prints as "[]".
            errors.Add(FieldErrorFactory.TooLongBytes("[]", MaxSize));
        }

        if (old is not null && IsImmutable(old))
        {
            ValidateImmutable(configMap, old, ["data", "binaryData"], errors);
        }
    }

    public static void ValidateKey(string map, string key, List<FieldError> errors)
        => errors.AddRange(ConfigKeys.Errors(key).Select(message => FieldErrorFactory.Invalid($"{map}[{key}]", key, message)));

    public static IEnumerable<KeyValuePair<string, JsonNode?>> Ordered(JsonObject? map)
        => map?.OrderBy(pair => pair.Key, StringComparer.Ordinal) ?? Enumerable.Empty<KeyValuePair<string, JsonNode?>>();

    public static string Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var text) ? text : string.Empty;

    /// <summary>The number of bytes a base64 text decodes to.</summary>
    public static long DecodedLength(string base64)
    {
        var padding = base64.EndsWith("==", StringComparison.Ordinal) ? 2 : base64.EndsWith('=') ? 1 : 0;
        return (base64.Length / 4 * 3) - padding;
    }

    public static bool IsImmutable(JsonObject obj) => obj["immutable"] is JsonValue value && value.TryGetValue<bool>(out var immutable) && immutable;

    /// <summary>kube's rule for an object whose stored version has <c>immutable: true</c>.</summary>
    public static void ValidateImmutable(JsonObject obj, JsonObject old, IEnumerable<string> fields, List<FieldError> errors)
    {
        if (!IsImmutable(obj))
        {
            errors.Add(FieldErrorFactory.Forbidden("immutable", ImmutableDetail));
        }

        foreach (var field in fields.Where(field => !JsonNode.DeepEquals(Empty(obj[field]), Empty(old[field]))))
        {
            errors.Add(FieldErrorFactory.Forbidden(field, ImmutableDetail));
        }
    }

    private static JsonNode? Empty(JsonNode? map) => map is JsonObject { Count: 0 } ? null : map;
}
