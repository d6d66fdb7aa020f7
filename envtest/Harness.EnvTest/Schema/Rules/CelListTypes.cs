using System.Collections;
using System.Runtime.CompilerServices;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// Which lists a rule sees are an object's <c>x-kubernetes-list-type: set</c> or <c>map</c> lists (apiserver's
/// <c>unstructuredSetList</c> and <c>unstructuredMapList</c>), and the keys of a map list's items.
/// </summary>
internal static class CelListTypes
{
    /// <summary>The escaped key properties of each marked list: empty for a set list.</summary>
    private static readonly ConditionalWeakTable<object?[], string[]> Keyed = new();

    /// <summary>Marks <paramref name="items"/>, an object's list, as a set or map list when <paramref name="node"/> says it is one.</summary>
    public static void Mark(object?[] items, SchemaNode node)
    {
        switch (node.ListType)
        {
            case "set":
                Keyed.AddOrUpdate(items, []);
                break;
            case "map":
                Keyed.AddOrUpdate(items, node.ListMapKeys.Select(k => CelNames.Escape(k) ?? k).ToArray());
                break;
        }
    }

    /// <summary>Marks <paramref name="items"/> as a list of the same type as one with <paramref name="keys"/>.</summary>
    public static void MarkAs(object?[] items, string[] keys) => Keyed.AddOrUpdate(items, keys);

    /// <summary>Whether <paramref name="list"/> is a marked set (no <paramref name="keys"/>) or map list.</summary>
    public static bool TryGetKeys(object? list, out object?[] items, out string[] keys)
    {
        items = list as object?[] ?? [];
        keys = [];
        return list is object?[] && Keyed.TryGetValue(items, out keys!);
    }

    /// <summary>A map list item's key: its key properties' values, compared structurally.</summary>
    public static object?[] KeyOf(object? item, string[] keys) =>
        keys.Select(k => item is IDictionary map && map.Contains(k) ? map[k] : null).ToArray();
}
