using System.Text.Json.Nodes;

namespace Harness.EnvTest.Patching.StrategicMerge;

/// <summary>
/// The element order strategic merge patch gives a merged list: items named by the patch (or by
/// <c>$setElementOrder</c>) in the patch's order, server-only items in the live order, interleaved by
/// where they stood in the live list. Items are identified by merge key (maps) or value (scalars).
/// </summary>
internal sealed class ElementOrder(string? mergeKey)
{
    /// <summary>True when both denote the same list element.</summary>
    public bool SameElement(JsonNode? a, JsonNode? b)
    {
        if (mergeKey is null)
        {
            return JsonNode.DeepEquals(a, b);
        }

        return a is JsonObject x && b is JsonObject y
            && x.TryGetPropertyValue(mergeKey, out var xv) && y.TryGetPropertyValue(mergeKey, out var yv)
            && JsonNode.DeepEquals(xv, yv);
    }

    /// <summary>Splits <paramref name="merged"/> into the items named in <paramref name="named"/> and the rest.</summary>
    public (List<JsonNode?> Named, List<JsonNode?> Others) Partition(IEnumerable<JsonNode?> merged, IEnumerable<JsonNode?> named)
    {
        var namedList = named.ToList();
        var inNamed = new List<JsonNode?>();
        var others = new List<JsonNode?>();
        foreach (var item in merged)
        {
            (namedList.Any(n => SameElement(item, n)) ? inNamed : others).Add(item);
        }

        return (inNamed, others);
    }

    /// <summary>Orders the patch items by <paramref name="patchOrder"/>, the server-only ones by <paramref name="serverOrder"/>, and interleaves them.</summary>
    public List<JsonNode?> Normalize(List<JsonNode?> patchItems, List<JsonNode?> serverOnly, IList<JsonNode?> patchOrder, IList<JsonNode?> serverOrder)
    {
        var right = patchItems.OrderBy(i => IndexIn(patchOrder, i)).ToList();
        var left = serverOnly.OrderBy(i => IndexIn(serverOrder, i)).ToList();
        var result = new List<JsonNode?>(left.Count + right.Count);
        int l = 0, r = 0;
        while (l < left.Count || r < right.Count)
        {
            if (l >= left.Count)
            {
                result.Add(right[r++]);
            }
            else if (r >= right.Count)
            {
                result.Add(left[l++]);
            }
            else
            {
                var li = IndexIn(serverOrder, left[l]);
                var ri = IndexIn(serverOrder, right[r]);
                result.Add(li != int.MaxValue && ri != int.MaxValue && li < ri ? left[l++] : right[r++]);
            }
        }

        return result;
    }

    private int IndexIn(IList<JsonNode?> list, JsonNode? item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (SameElement(list[i], item))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
