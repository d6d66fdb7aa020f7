using System.Text;
using System.Text.Json;

namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>
/// How large a schema's values can be, as apiextensions-apiserver sizes them for CEL cost estimation: the bound a schema
/// declares (<c>maxLength</c>, counted in bytes as four per character; <c>maxItems</c>; <c>maxProperties</c>; the longest
/// <c>enum</c> string), or else as many as fit in a request of <see cref="MaxRequestBytes"/>, given each value's smallest
/// JSON form.
/// </summary>
internal static class SchemaSizes
{
    /// <summary>The request size kube's estimates assume (3 MiB).</summary>
    public const long MaxRequestBytes = 3 * 1024 * 1024;

    /// <summary>The most characters, items or entries a value of <paramref name="node"/> can have; 0 for other values, null when the schema gives rules no type.</summary>
    public static ulong? MaxElements(SchemaNode node)
    {
        if (node.IntOrString)
        {
            return node.MaxLength is { } length ? (ulong)Math.Max(0, length) * 4 : MaxRequestBytes - 2;
        }

        return node.Type switch
        {
            JsonKinds.String => node.Format?.Name switch
            {
                "byte" => node.MaxLength is { } length ? (ulong)Math.Max(0, length) : MaxRequestBytes - 2,
                "duration" or "date-time" or "datetime" => 32,
                "date" => 12,
                _ when node.MaxLength is { } length => (ulong)Math.Max(0, length) * 4,
                _ when node.Enum is { Length: > 0 } values => values.Max(v => v?.GetValueKind() == JsonValueKind.String ? (ulong)Encoding.UTF8.GetByteCount((string)v!) : 0),
                _ => MaxRequestBytes - 2,
            },
            JsonKinds.Array when node.Items is { } items => node.MaxItems is { } count ? (ulong)Math.Max(0, count) : (ulong)((MaxRequestBytes - 2) / (MinSerializedSize(items) + 1)),
            JsonKinds.Object when node.AdditionalProperties is { } values && node.Properties is null =>
                node.MaxProperties is { } count ? (ulong)Math.Max(0, count) : (ulong)((MaxRequestBytes - 2) / (MinSerializedSize(values) + 6)),
            JsonKinds.Object or JsonKinds.Integer or JsonKinds.Number or JsonKinds.Boolean => 0,
            _ => null,
        };
    }

    /// <summary>
    /// How many times a rule on <paramref name="node"/> can run when a list or map above it has no bound: as many of its
    /// smallest values, each followed by a comma, as fit in a request.
    /// </summary>
    public static ulong UnboundedCardinality(SchemaNode node) => (ulong)(MaxRequestBytes / (MinSerializedSize(node) + 1));

    /// <summary>
    /// The factor by which <paramref name="node"/> multiplies how often the values below it occur: its <c>maxItems</c> or
    /// <c>maxProperties</c> (null when it has none), 1 for other schemas.
    /// </summary>
    public static ulong? ChildCardinality(string type, bool hasAdditionalProperties, long? maxItems, long? maxProperties) => type switch
    {
        JsonKinds.Object when hasAdditionalProperties => maxProperties is { } count ? (ulong)Math.Max(0, count) : null,
        JsonKinds.Array => maxItems is { } count ? (ulong)Math.Max(0, count) : null,
        _ => 1,
    };

    /// <summary>The length of the smallest JSON a value of <paramref name="node"/> can be written as.</summary>
    private static long MinSerializedSize(SchemaNode node)
    {
        if (node.IntOrString)
        {
            return 1;
        }

        switch (node.Type)
        {
            case JsonKinds.String:
                return node.Format?.Name switch
                {
                    "duration" => 3,
                    "date" => 12,
                    "date-time" or "datetime" => 21,
                    _ => 2,
                };
            case JsonKinds.Boolean:
                return 4;
            case JsonKinds.Integer or JsonKinds.Number:
                return 1;
            case JsonKinds.Array:
                return 2;
            case JsonKinds.Object when node.AdditionalProperties is not null && node.Properties is null:
                return 2;
            case JsonKinds.Object:
                var size = 2L;
                foreach (var required in node.Required)
                {
                    if (node.Properties?.GetValueOrDefault(required) is { Default: null } property && MaxElements(property) is not null)
                    {
                        size += required.Length + MinSerializedSize(property) + 4;
                    }
                }

                return size;
            default:
                return 0;
        }
    }
}
