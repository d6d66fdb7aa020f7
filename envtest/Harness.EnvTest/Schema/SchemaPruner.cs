using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Drops fields a structural schema does not declare, as apiextensions-apiserver's pruning does:
/// <c>x-kubernetes-preserve-unknown-fields</c> keeps unknown fields (known ones are still pruned),
/// <c>apiVersion</c>/<c>kind</c>/<c>metadata</c> survive at the root and in embedded resources, and
/// <c>metadata</c> keeps only ObjectMeta fields. Nulls of non-nullable fields without a default are
/// removed too (kube's <c>PruneNonNullableNullsWithoutDefaults</c>).
/// </summary>
internal static class SchemaPruner
{
    public static void Prune(JsonNode? value, SchemaNode? node, bool isRoot)
    {
        if (isRoot && value is JsonObject root)
        {
            PruneObject(root, node, isResourceRoot: true, keepUnknown: node is not null && node.PreserveUnknownFields);
            return;
        }

        PruneValue(value, node);
    }

    private static void PruneValue(JsonNode? value, SchemaNode? node)
    {
        switch (value)
        {
            case JsonObject obj:
                PruneObject(obj, node, isResourceRoot: false, keepUnknown: node is not null && node.PreserveUnknownFields);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (node is not null && node.PreserveUnknownFields)
                    {
                        SkipPrune(item, node.Items);
                    }
                    else
                    {
                        PruneValue(item, node?.Items);
                    }
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, SchemaNode? node, bool isResourceRoot, bool keepUnknown)
    {
        var keepsMeta = isResourceRoot || (node is not null && node.EmbeddedResource);
        List<string>? remove = null;
        foreach (var (key, child) in obj)
        {
            if (keepsMeta && IsMetaField(key, child))
            {
                if (key == "metadata" && child is JsonObject metadata)
                {
                    CoerceMetadata(metadata);
                }

                continue;
            }

            var childNode = node?.PropertyOrAdditional(key);
            if (childNode is null)
            {
                if (keepUnknown)
                {
                    continue;
                }

                (remove ??= []).Add(key);
                continue;
            }

            if (child is null)
            {
                if (!childNode.Nullable && childNode.Default is null)
                {
                    (remove ??= []).Add(key);
                }

                continue;
            }

            if (childNode.PreserveUnknownFields)
            {
                SkipPrune(child, childNode);
            }
            else
            {
                PruneValue(child, childNode);
            }
        }

        if (remove is not null)
        {
            foreach (var key in remove)
            {
                obj.Remove(key);
            }
        }
    }

    private static void SkipPrune(JsonNode? value, SchemaNode? node)
    {
        if (node is null)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                PruneObject(obj, node, isResourceRoot: false, keepUnknown: true);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    SkipPrune(item, node.Items);
                }

                break;
        }
    }

    private static bool IsMetaField(string key, JsonNode? value) => key switch
    {
        "apiVersion" or "kind" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "metadata" => value is JsonObject,
        _ => false,
    };

    private static void CoerceMetadata(JsonObject metadata)
    {
        List<string>? remove = null;
        foreach (var (key, _) in metadata)
        {
            if (!ObjectMetaFields.Names.Contains(key))
            {
                (remove ??= []).Add(key);
            }
        }

        if (remove is not null)
        {
            foreach (var key in remove)
            {
                metadata.Remove(key);
            }
        }
    }
}
