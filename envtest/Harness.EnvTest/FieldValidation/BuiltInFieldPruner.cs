using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// Drops what a built-in kind's Go type would not decode: unknown top-level fields and unknown <c>metadata</c>
/// fields. Returns their paths in document order (<c>spec2</c>, <c>metadata.bogus</c>).
/// </summary>
internal static class BuiltInFieldPruner
{
    public static IReadOnlyList<string> Prune(JsonObject obj, IReadOnlySet<string> knownFields)
    {
        List<string>? pruned = null;
        foreach (var (key, value) in obj.ToList())
        {
            if (key is "apiVersion" or "kind")
            {
                continue;
            }

            if (key == "metadata")
            {
                if (value is JsonObject metadata)
                {
                    foreach (var field in metadata.Select(p => p.Key).Where(f => !ObjectMetaFields.Names.Contains(f)).ToList())
                    {
                        metadata.Remove(field);
                        (pruned ??= []).Add("metadata." + field);
                    }
                }

                continue;
            }

            if (!knownFields.Contains(key))
            {
                obj.Remove(key);
                (pruned ??= []).Add(key);
            }
        }

        return pruned ?? (IReadOnlyList<string>)[];
    }
}
