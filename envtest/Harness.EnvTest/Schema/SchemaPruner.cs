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
internal sealed class SchemaPruner
{
    private readonly FieldPathBuilder? _path;
    private readonly List<string>? _pruned;

    private SchemaPruner(List<string>? pruned)
    {
        _pruned = pruned;
        _path = pruned is null ? null : new FieldPathBuilder();
    }

    /// <summary>Prunes in place; with <paramref name="pruned"/>, the paths of dropped unknown fields are added to it.</summary>
    public static void Prune(JsonNode? value, SchemaNode? node, bool isRoot, List<string>? pruned = null)
    {
        var pruner = new SchemaPruner(pruned);
        if (isRoot && value is JsonObject root)
        {
            pruner.PruneObject(root, node, isResourceRoot: true, keepUnknown: node is not null && node.PreserveUnknownFields);
            return;
        }

        pruner.PruneValue(value, node);
    }

    private void PruneValue(JsonNode? value, SchemaNode? node)
    {
        switch (value)
        {
            case JsonObject obj:
                PruneObject(obj, node, isResourceRoot: false, keepUnknown: node is not null && node.PreserveUnknownFields);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var mark = _path?.PushIndex(i) ?? 0;
                    if (node is not null && node.PreserveUnknownFields)
                    {
                        SkipPrune(array[i], node.Items);
                    }
                    else
                    {
                        PruneValue(array[i], node?.Items);
                    }

                    _path?.Pop(mark);
                }

                break;
        }
    }

    private void PruneObject(JsonObject obj, SchemaNode? node, bool isResourceRoot, bool keepUnknown)
    {
        var keepsMeta = isResourceRoot || (node is not null && node.EmbeddedResource);
        if (keepUnknown && !keepsMeta && node is { Properties: null, AdditionalProperties: null })
        {
            return;
        }

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
                _pruned?.Add(_path!.Child(key));
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

            var mark = _path?.PushField(key) ?? 0;
            if (childNode.PreserveUnknownFields)
            {
                SkipPrune(child, childNode);
            }
            else
            {
                PruneValue(child, childNode);
            }

            _path?.Pop(mark);
        }

        if (remove is not null)
        {
            foreach (var key in remove)
            {
                obj.Remove(key);
            }
        }
    }

    private void SkipPrune(JsonNode? value, SchemaNode? node)
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
                for (var i = 0; i < array.Count; i++)
                {
                    var mark = _path?.PushIndex(i) ?? 0;
                    SkipPrune(array[i], node.Items);
                    _path?.Pop(mark);
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

    private void CoerceMetadata(JsonObject metadata)
    {
        List<string>? remove = null;
        foreach (var (key, _) in metadata)
        {
            if (!ObjectMetaFields.Names.Contains(key))
            {
                (remove ??= []).Add(key);
                _pruned?.Add(_path!.Child("metadata") + "." + key);
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
