using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// The schemas this thread parsed lately, by their JSON text and error path. A CRD's schema is parsed on every create
/// and update of it, two or three times (each version's facets, the shared facets, the served definition), with its CEL
/// rules compiled each time; a chaos run installs the same CRDs into a fresh server for every scenario. A parsed schema
/// is never changed, but its JSON nodes and compiled rules are not made for other threads: hence one cache per thread.
/// </summary>
internal static class ParsedSchemaCache
{
    /// <summary>Enough for the CRDs of a few clusters; a thread that parses more starts over.</summary>
    private const int Capacity = 128;

    [ThreadStatic]
    private static Dictionary<string, (StructuralSchema Schema, IReadOnlyList<FieldError> Errors)>? parsed;

    public static StructuralSchema GetOrParse(JsonObject schema, string fieldPath, Func<JsonObject, string, (StructuralSchema, IReadOnlyList<FieldError>)> parse, out IReadOnlyList<FieldError> errors)
    {
        var cache = parsed ??= new Dictionary<string, (StructuralSchema, IReadOnlyList<FieldError>)>(StringComparer.Ordinal);
        var key = fieldPath + "\n" + schema.ToJsonString();
        if (!cache.TryGetValue(key, out var entry))
        {
            if (cache.Count >= Capacity)
            {
                cache.Clear();
            }

            entry = parse(schema, fieldPath);
            cache[key] = entry;
        }

        errors = entry.Errors;
        return entry.Schema;
    }
}
