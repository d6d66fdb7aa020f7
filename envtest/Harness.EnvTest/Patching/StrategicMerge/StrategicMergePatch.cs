using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.TypeRules;

namespace Harness.EnvTest.Patching.StrategicMerge;

/// <summary>
/// Strategic merge patch, <c>application/strategic-merge-patch+json</c>, as apimachinery's
/// <c>StrategicMergeMapPatch</c> applies it on the server: lists merge by their <c>patchMergeKey</c>
/// (<see cref="BuiltInPatchMetadata"/>), <c>null</c> deletes, and the directives <c>$patch</c>
/// (<c>replace</c>, <c>delete</c>), <c>$retainKeys</c>, <c>$setElementOrder/</c> and
/// <c>$deleteFromPrimitiveList/</c> are honoured and never stored.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>Applies <paramref name="patchBody"/> to a copy of <paramref name="original"/>.</summary>
    /// <exception cref="PatchException">400 for malformed patches and directives, 500 where kube-apiserver answers an internal error.</exception>
    public static JsonObject Apply(JsonObject original, ReadOnlySpan<byte> patchBody, TypeRuleSet rules)
    {
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(patchBody);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest(e.Message);
        }

        return patch switch
        {
            null => (JsonObject)original.DeepClone(),
            JsonObject patchObject => MergeMap((JsonObject)original.DeepClone(), patchObject, [], rules),
            _ => throw PatchException.BadRequest(
                $"json: cannot unmarshal {(patch is JsonArray ? "array" : patch.GetValueKind().ToString().ToLowerInvariant())} into Go value of type map[string]interface {{}}"),
        };
    }

    private static JsonObject MergeMap(JsonObject? original, JsonObject patch, List<string> path, TypeRuleSet rules)
    {
        if (patch.TryGetPropertyValue(PatchDirective, out var directive))
        {
            return DirectiveOnMap(directive, patch, path, rules);
        }

        original ??= [];
        var pending = patch.ToDictionary(p => p.Key, p => p.Value);
        RetainKeys(original, pending);
        MergeElementOrderLists(original, pending, path, rules);

        foreach (var (rawKey, patchValue) in pending)
        {
            if (rawKey.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var isDeleteList = rawKey.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal);
            var key = isDeleteList ? rawKey[DeleteFromPrimitiveListPrefix.Length..] : rawKey;
            if (isDeleteList && key.Length == 0)
            {
                throw PatchException.BadRequest("invalid patch format of primitive list");
            }

            if (patchValue is null)
            {
                original.Remove(key);
                continue;
            }

            path.Add(key);
            var current = original[key];
            if (current is null)
            {
                if (!isDeleteList)
                {
                    original[key] = MergeValue(null, patchValue, path, rules);
                }
            }
            else if (current is JsonObject currentObject && patchValue is JsonObject patchObject)
            {
                var mergedObject = MergeMap(currentObject, patchObject, path, rules);
                if (!ReferenceEquals(mergedObject, currentObject))
                {
                    original[key] = mergedObject;
                }
            }
            else if (current is JsonArray currentArray && patchValue is JsonArray patchArray)
            {
                original[key] = MergeListField(currentArray, patchArray, path, rules, isDeleteList);
            }
            else if (!isDeleteList)
            {
                original[key] = MergeValue(null, patchValue, path, rules);
            }

            path.RemoveAt(path.Count - 1);
        }

        return original;
    }

    private static JsonObject DirectiveOnMap(JsonNode? directive, JsonObject patch, List<string> path, TypeRuleSet rules)
    {
        switch (directive is JsonValue v && v.TryGetValue<string>(out var name) ? name : null)
        {
            case "replace":
                var replacement = new JsonObject();
                foreach (var (key, value) in patch.Where(p => p.Key != PatchDirective))
                {
                    if (value is not null)
                    {
                        path.Add(key);
                        replacement[key] = MergeValue(null, value, path, rules);
                        path.RemoveAt(path.Count - 1);
                    }
                }

                return replacement;
            case "delete":
                return [];
            default:
                throw PatchException.Internal($"unknown patch type: {directive?.ToJsonString()} in map: {patch.ToJsonString()}");
        }
    }

    /// <summary>A patch value placed where the original has nothing (or something of another type): directives and nulls go.</summary>
    private static JsonNode? MergeValue(JsonNode? original, JsonNode patch, List<string> path, TypeRuleSet rules) => patch switch
    {
        JsonObject obj => MergeMap(original as JsonObject, obj, path, rules),
        JsonArray array => MergeListField(original as JsonArray ?? [], array, path, rules, isDeleteList: false),
        _ => patch.DeepClone(),
    };

    private static void RetainKeys(JsonObject original, Dictionary<string, JsonNode?> patch)
    {
        if (!patch.Remove(RetainKeysDirective, out var retain))
        {
            return;
        }

        if (retain is not JsonArray retainList)
        {
            throw PatchException.BadRequest("invalid patch format of retainKeys");
        }

        var retained = retainList.Select(k => k is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet();
        foreach (var (key, value) in patch)
        {
            if (value is not null && !key.StartsWith('$') && !retained.Contains(key))
            {
                throw PatchException.BadRequest("invalid patch format of retainKeys");
            }
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    private static void MergeElementOrderLists(JsonObject original, Dictionary<string, JsonNode?> patch, List<string> path, TypeRuleSet rules)
    {
        foreach (var (directiveKey, orderNode) in patch.Where(p => p.Key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)).ToList())
        {
            var key = directiveKey[SetElementOrderPrefix.Length..];
            if (orderNode is not JsonArray order || key.Length == 0)
            {
                throw PatchException.BadRequest("invalid patch format of setElementOrder list");
            }

            path.Add(key);
            var rule = rules.List(path);
            var originalList = original[key] as JsonArray;
            var patchList = patch.GetValueOrDefault(key) as JsonArray;
            if ((original[key] is not null and not JsonArray) || (patch.GetValueOrDefault(key) is not null and not JsonArray))
            {
                throw PatchException.BadRequest("invalid patch format of setElementOrder list");
            }

            if (patchList is not null)
            {
                ValidateOrder(patchList, order, rule.PatchMergeKey);
            }

            if (originalList is not null || patchList is not null)
            {
                var mergedList = MergeListField(originalList ?? [], patchList ?? [], path, rules, isDeleteList: false);
                var merged = mergedList.ToList();
                mergedList.Clear();
                var listOrder = new ElementOrder(rule.PatchMergeKey);
                var (inOrder, serverOnly) = listOrder.Partition(merged, order);
                original[key] = new JsonArray([.. listOrder.Normalize(inOrder, serverOnly, order, originalList ?? [])]);
                patch.Remove(key);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    private static void ValidateOrder(JsonArray patchList, JsonArray order, string? mergeKey)
    {
        var items = patchList.Where(i => !(i is JsonObject o && o.ContainsKey(PatchDirective))).ToList();
        var matcher = new ElementOrder(mergeKey);
        int patchIndex = 0, orderIndex = 0;
        while (patchIndex < items.Count && orderIndex < order.Count)
        {
            if (matcher.SameElement(items[patchIndex], order[orderIndex]))
            {
                patchIndex++;
            }

            orderIndex++;
        }

        if (patchIndex < items.Count)
        {
            throw PatchException.Internal(
                $"The order in patch list:\n{patchList.ToJsonString()}\n doesn't match {SetElementOrderPrefix} list:\n{order.ToJsonString()}\n");
        }
    }

    private static JsonArray MergeListField(JsonArray original, JsonArray patch, List<string> path, TypeRuleSet rules, bool isDeleteList)
    {
        var rule = rules.List(path);
        if (rule.Strategy != SmpListStrategy.Merge && !isDeleteList)
        {
            return new JsonArray([.. patch.Select(item => item is null ? null : MergeValue(null, item, path, rules))]);
        }

        if (original.Count == 0 && patch.Count == 0)
        {
            return [];
        }

        var elementsAreMaps = ElementKind(original, patch);
        var order = new ElementOrder(elementsAreMaps ? rule.PatchMergeKey : null);
        List<JsonNode?> merged;
        List<JsonNode?> serverOrder;
        List<JsonNode?> patchItems;
        if (!elementsAreMaps)
        {
            if (isDeleteList)
            {
                return new JsonArray([.. original.Where(o => !patch.Any(d => JsonNode.DeepEquals(o, d))).Select(o => o?.DeepClone())]);
            }

            serverOrder = [.. original];
            patchItems = [.. patch];
            merged = [];
            foreach (var item in original.Concat(patch))
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                {
                    merged.Add(item?.DeepClone());
                }
            }
        }
        else
        {
            if (rule.PatchMergeKey is not { } mergeKey)
            {
                throw PatchException.Internal($"cannot merge lists without merge key for {string.Join('.', path)}");
            }

            (serverOrder, patchItems) = ApplySpecialElements([.. original.Select(o => o?.DeepClone())], patch, mergeKey, path, rules);
            merged = [.. serverOrder];
            foreach (var item in patchItems.Cast<JsonObject>())
            {
                if (!item.TryGetPropertyValue(mergeKey, out var keyValue))
                {
                    throw PatchException.Internal($"map: {item.ToJsonString()} does not contain declared merge key: {mergeKey}");
                }

                var index = merged.FindIndex(m => m is JsonObject o && o.TryGetPropertyValue(mergeKey, out var v) && JsonNode.DeepEquals(v, keyValue));
                if (index >= 0)
                {
                    merged[index] = MergeMap((JsonObject)merged[index]!, item, path, rules);
                }
                else
                {
                    merged.Add(MergeMap(null, item, path, rules));
                }
            }
        }

        var (fromPatch, serverOnly) = order.Partition(merged, patchItems);
        return new JsonArray([.. order.Normalize(fromPatch, serverOnly, patchItems, serverOrder).Select(n => n?.Parent is null ? n : n.DeepClone())]);
    }

    /// <summary>Applies <c>$patch: delete</c> and <c>$patch: replace</c> items; returns the live items left and the plain patch items.</summary>
    private static (List<JsonNode?> Original, List<JsonNode?> Patch) ApplySpecialElements(
        List<JsonNode?> original, JsonArray patch, string mergeKey, List<string> path, TypeRuleSet rules)
    {
        var plain = new List<JsonNode?>();
        var replace = false;
        foreach (var item in patch.Cast<JsonObject>())
        {
            if (!item.TryGetPropertyValue(PatchDirective, out var directive))
            {
                plain.Add(item);
                continue;
            }

            switch (directive is JsonValue v && v.TryGetValue<string>(out var name) ? name : null)
            {
                case "delete":
                    if (!item.TryGetPropertyValue(mergeKey, out var keyValue))
                    {
                        throw PatchException.Internal("delete patch type with no merge key defined");
                    }

                    original.RemoveAll(o => o is JsonObject obj && obj.TryGetPropertyValue(mergeKey, out var v2) && JsonNode.DeepEquals(v2, keyValue));
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    throw PatchException.Internal("merging lists cannot yet be specified in the patch");
                default:
                    throw PatchException.Internal($"unknown patch type: {directive?.ToJsonString()} in map: {item.ToJsonString()}");
            }
        }

        return replace ? ([.. plain.Select(p => (JsonNode?)MergeMap(null, (JsonObject)p!, path, rules))], []) : (original, plain);
    }

    /// <summary>True when the lists hold maps, false for scalars; a mix is an error as in apimachinery.</summary>
    private static bool ElementKind(JsonArray original, JsonArray patch)
    {
        var kinds = original.Concat(patch).Select(n => n switch
        {
            JsonObject => 1,
            JsonArray => 2,
            _ => 0,
        }).Distinct().ToList();
        if (kinds.Count > 1 || kinds.Contains(2))
        {
            throw PatchException.Internal("strategic merge patch lists must hold either maps or scalars, and never lists");
        }

        return kinds.Contains(1);
    }
}
