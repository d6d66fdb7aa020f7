using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.TypeRules;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>Field sets of objects: the fields an applied configuration specifies, and what changed between two objects.</summary>
internal static class ObjectFieldSets
{
    /// <summary>
    /// The fields <paramref name="config"/> specifies (structured-merge-diff's <c>ToFieldSet</c>): scalars,
    /// nulls, empty objects, atomic lists and maps, set values and associative list items are members;
    /// a non-empty object is only the parent of its fields.
    /// </summary>
    public static FieldSet Of(JsonObject config, TypeRuleSet rules)
    {
        var set = new FieldSet();
        var walker = new Walker(rules);
        walker.Collect(config, set);
        return set;
    }

    /// <summary>
    /// What changed from <paramref name="before"/> to <paramref name="after"/>; a container that appears or
    /// disappears is reported with everything below it. <c>metadata.managedFields</c> is not compared.
    /// </summary>
    public static ObjectComparison Compare(JsonObject before, JsonObject after, TypeRuleSet rules)
    {
        var comparison = new ObjectComparison(new FieldSet(), new FieldSet(), new FieldSet());
        new Walker(rules).Compare(before, after, comparison);
        return comparison;
    }

    private sealed class Walker(TypeRuleSet rules)
    {
        // Field steps hold the bare name; the "f:" element is only spelled out when a path is inserted.
        private readonly List<(string Text, bool IsField)> _path = [];
        private readonly List<string> _names = [];

        public void Collect(JsonObject obj, FieldSet set)
        {
            foreach (var (name, value) in obj)
            {
                if (IsManagedFields(name))
                {
                    continue;
                }

                Enter(name, name);
                CollectValue(value, set);
                Leave(name);
            }
        }

        public void Compare(JsonObject before, JsonObject after, ObjectComparison result)
        {
            foreach (var (name, oldValue) in before)
            {
                if (IsManagedFields(name))
                {
                    continue;
                }

                Enter(name, name);
                if (after.TryGetPropertyValue(name, out var newValue))
                {
                    CompareValues(oldValue, newValue, result);
                }
                else
                {
                    Everything(oldValue, result.Removed);
                }

                Leave(name);
            }

            foreach (var (name, newValue) in after)
            {
                if (!before.ContainsKey(name) && !IsManagedFields(name))
                {
                    Enter(name, name);
                    Everything(newValue, result.Added);
                    Leave(name);
                }
            }
        }

        /// <summary><c>metadata.managedFields</c> is bookkeeping, never a field anyone owns.</summary>
        private bool IsManagedFields(string name) => name == "managedFields" && _names is ["metadata"];

        private void CollectValue(JsonNode? value, FieldSet set)
        {
            switch (value)
            {
                case JsonObject obj when obj.Count > 0 && !rules.IsAtomicMap(_names) && !rules.IsFreeForm(_names):
                    Collect(obj, set);
                    break;
                case JsonArray array when rules.List(_names) is { Type: not ListType.Atomic } rule:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Enter(FieldPath.Item(rule, array[i], i), null);
                        Insert(set);
                        if (array[i] is JsonObject item && item.Count > 0)
                        {
                            Collect(item, set);
                        }

                        Leave(null);
                    }

                    break;
                default:
                    Insert(set);
                    break;
            }
        }

        /// <summary>Inserts the current path and every path below it (a value that appeared or disappeared as a whole).</summary>
        private void Everything(JsonNode? value, FieldSet set) => Below(value, Insert(set));

        private IEnumerable<string> Path() => _path.Select(step => step.IsField ? FieldPath.Field(step.Text) : step.Text);

        /// <summary>Inserts every path below the current one, whose node in the set is <paramref name="node"/>.</summary>
        private void Below(JsonNode? value, FieldSet node)
        {
            switch (value)
            {
                case JsonObject obj when !rules.IsAtomicMap(_names) && !rules.IsFreeForm(_names):
                    foreach (var (name, child) in obj)
                    {
                        _names.Add(name);
                        var element = FieldPath.Field(name);
                        Below(child, node.InsertChild(element));
                        _names.RemoveAt(_names.Count - 1);
                    }

                    break;
                case JsonArray array when rules.List(_names) is { Type: not ListType.Atomic } rule:
                    for (var i = 0; i < array.Count; i++)
                    {
                        var itemNode = node.InsertChild(FieldPath.Item(rule, array[i], i));
                        if (array[i] is JsonObject item)
                        {
                            Below(item, itemNode);
                        }
                    }

                    break;
            }
        }

        private void CompareValues(JsonNode? before, JsonNode? after, ObjectComparison result)
        {
            switch (before, after)
            {
                case (JsonObject a, JsonObject b) when !rules.IsAtomicMap(_names) && !rules.IsFreeForm(_names):
                    Compare(a, b, result);
                    break;
                case (JsonArray a, JsonArray b) when rules.List(_names) is { Type: not ListType.Atomic } rule:
                    CompareLists(a, b, rule, result);
                    break;
                case (null, JsonObject) when !rules.IsAtomicMap(_names) && !rules.IsFreeForm(_names):
                case (null, JsonArray) when rules.List(_names) is { Type: not ListType.Atomic }:
                    // Go's nil (a zero value's list or map) is a value, so what stands there now adds only what is below it.
                    Below(after, result.Added.Reach(Path()));
                    break;
                default:
                    if (!JsonNode.DeepEquals(before, after))
                    {
                        Insert(result.Modified);
                        if ((before is JsonObject or JsonArray || after is JsonObject or JsonArray) && !rules.IsFreeForm(_names) && !rules.IsAtomicMap(_names))
                        {
                            ReplaceChildren(before, after, result);
                        }
                    }

                    break;
            }
        }

        private void ReplaceChildren(JsonNode? before, JsonNode? after, ObjectComparison result)
        {
            if (before is JsonObject oldObj)
            {
                Compare(oldObj, [], result);
            }

            if (after is JsonObject newObj)
            {
                Compare([], newObj, result);
            }
        }

        private void CompareLists(JsonArray before, JsonArray after, ListRule rule, ObjectComparison result)
        {
            var oldItems = Index(before, rule);
            var newItems = Index(after, rule);
            foreach (var (element, oldItem) in oldItems)
            {
                Enter(element, null);
                if (newItems.TryGetValue(element, out var newItem))
                {
                    CompareValues(oldItem, newItem, result);
                }
                else
                {
                    Everything(oldItem, result.Removed);
                }

                Leave(null);
            }

            foreach (var (element, newItem) in newItems)
            {
                if (!oldItems.ContainsKey(element))
                {
                    Enter(element, null);
                    Everything(newItem, result.Added);
                    Leave(null);
                }
            }
        }

        private static Dictionary<string, JsonNode?> Index(JsonArray array, ListRule rule)
        {
            var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                items.TryAdd(FieldPath.Item(rule, array[i], i), array[i]);
            }

            return items;
        }

        private FieldSet Insert(FieldSet set) => set.Insert(Path());

        private void Enter(string element, string? name)
        {
            _path.Add((element, name is not null));
            if (name is not null)
            {
                _names.Add(name);
            }
        }

        private void Leave(string? name)
        {
            _path.RemoveAt(_path.Count - 1);
            if (name is not null)
            {
                _names.RemoveAt(_names.Count - 1);
            }
        }
    }
}
