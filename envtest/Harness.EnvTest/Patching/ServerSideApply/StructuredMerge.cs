using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.TypeRules;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// Merges an applied configuration into a live object as structured-merge-diff does: objects field by
/// field, associative lists and sets item by item (keeping live-only items in place), atomic lists and
/// scalars replaced; a <c>null</c> in the configuration removes the field.
/// </summary>
internal static class StructuredMerge
{
    /// <summary>A new object: <paramref name="live"/> with <paramref name="config"/> merged in.</summary>
    public static JsonObject Merge(JsonObject live, JsonObject config, TypeRuleSet rules) =>
        MergeObjects((JsonObject)live.DeepClone(), config, [], rules);

    /// <summary>Removes the value at <paramref name="path"/> (<see cref="FieldPath"/> elements); false when absent.</summary>
    public static bool Remove(JsonObject root, IReadOnlyList<string> path, TypeRuleSet rules)
    {
        JsonNode? node = root;
        var names = new List<string>();
        for (var i = 0; i < path.Count; i++)
        {
            var element = path[i];
            var last = i == path.Count - 1;
            switch (node)
            {
                case JsonObject obj when element.StartsWith("f:", StringComparison.Ordinal):
                    var name = element[2..];
                    if (last)
                    {
                        return obj.Remove(name);
                    }

                    names.Add(name);
                    node = obj[name];
                    break;
                case JsonArray array:
                    var rule = rules.List(names);
                    var index = Enumerable.Range(0, array.Count).FirstOrDefault(j => FieldPath.Item(rule, array[j], j) == element, -1);
                    if (index < 0)
                    {
                        return false;
                    }

                    if (last)
                    {
                        array.RemoveAt(index);
                        return true;
                    }

                    node = array[index];
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static JsonObject MergeObjects(JsonObject live, JsonObject config, List<string> names, TypeRuleSet rules)
    {
        foreach (var (name, value) in config)
        {
            if (value is null)
            {
                live.Remove(name);
                continue;
            }

            names.Add(name);
            var merged = MergeValues(live[name], value, names, rules);
            if (!ReferenceEquals(merged, live[name]))
            {
                live[name] = merged;
            }

            names.RemoveAt(names.Count - 1);
        }

        return live;
    }

    private static JsonNode? MergeValues(JsonNode? live, JsonNode config, List<string> names, TypeRuleSet rules) => (live, config) switch
    {
        (JsonObject l, JsonObject c) when !rules.IsAtomicMap(names) => MergeObjects(l, c, names, rules),
        (JsonArray l, JsonArray c) when rules.List(names) is { Type: not ListType.Atomic } rule => MergeLists(l, c, rule, names, rules),
        _ => WithoutNulls(config.DeepClone()),
    };

    private static JsonArray MergeLists(JsonArray live, JsonArray config, ListRule rule, List<string> names, TypeRuleSet rules)
    {
        var lhs = Enumerable.Range(0, live.Count).Select(i => (Element: FieldPath.Item(rule, live[i], i), Node: live[i])).ToList();
        var rhs = Enumerable.Range(0, config.Count).Select(i => (Element: FieldPath.Item(rule, config[i], i), Node: config[i])).ToList();
        var observedLive = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (element, node) in lhs)
        {
            observedLive.TryAdd(element, node);
        }

        var observedConfig = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (element, node) in rhs)
        {
            observedConfig.TryAdd(element, node);
        }

        var shared = new Queue<string>(rhs.Select(r => r.Element).Where(observedLive.ContainsKey));
        var nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var mergedFromConfig = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<JsonNode?>();
        int l = 0, r = 0;
        while (l < lhs.Count || r < rhs.Count)
        {
            if (l < lhs.Count && r < rhs.Count)
            {
                var element = lhs[l].Element;
                if (element == rhs[r].Element)
                {
                    mergedFromConfig.Add(element);
                    result.Add(MergeItem(observedLive[element], observedConfig[element], names, rules));
                    l++;
                    r++;
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                    continue;
                }

                if (observedConfig.ContainsKey(element) && nextShared is not null && nextShared != element)
                {
                    l++;
                    continue;
                }
            }

            if (l < lhs.Count)
            {
                var element = lhs[l].Element;
                if (!observedConfig.ContainsKey(element))
                {
                    result.Add(lhs[l].Node?.DeepClone());
                    l++;
                    continue;
                }

                if (mergedFromConfig.Contains(element))
                {
                    l++;
                    continue;
                }
            }

            if (r < rhs.Count)
            {
                var element = rhs[r].Element;
                mergedFromConfig.Add(element);
                result.Add(MergeItem(observedLive.GetValueOrDefault(element), observedConfig[element], names, rules));
                r++;
                if (nextShared == element)
                {
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                }
            }
        }

        return new JsonArray([.. result]);
    }

    private static JsonNode? MergeItem(JsonNode? live, JsonNode? config, List<string> names, TypeRuleSet rules) => config is null
        ? null
        : MergeValues(live?.DeepClone(), config, names, rules);

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, child) in obj)
                {
                    WithoutNulls(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNulls(item);
                }

                break;
        }

        return node;
    }
}
