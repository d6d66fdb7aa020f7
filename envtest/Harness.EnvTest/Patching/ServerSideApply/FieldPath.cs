using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.TypeRules;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// Path elements in their <c>FieldsV1</c> spelling: <c>f:name</c> (object field), <c>k:{"name":"a"}</c>
/// (associative list item by its keys), <c>v:"x"</c> (set item by value), <c>i:3</c> (item by index).
/// </summary>
internal static class FieldPath
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The element naming object field <paramref name="name"/>.</summary>
    public static string Field(string name) => "f:" + name;

    /// <summary>True when <paramref name="element"/> has one of the four prefixes.</summary>
    public static bool IsElement(string element) =>
        element.Length > 2 && element[1] == ':' && element[0] is 'f' or 'k' or 'v' or 'i';

    /// <summary>The element naming the item of a list with <paramref name="rule"/>; index-named when the item lacks what the rule keys on.</summary>
    public static string Item(ListRule rule, JsonNode? item, int index)
    {
        switch (rule.Type)
        {
            case ListType.Map when item is JsonObject obj:
                var keys = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
                foreach (var key in rule.MapKeys)
                {
                    if (obj.TryGetPropertyValue(key, out var value) && value is JsonValue)
                    {
                        keys[key] = value.DeepClone();
                    }
                }

                if (keys.Count > 0)
                {
                    return "k:" + new JsonObject(keys).ToJsonString(Compact);
                }

                break;
            case ListType.Set when item is JsonValue value:
                return "v:" + value.ToJsonString(Compact);
        }

        return "i:" + index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The path as structured-merge-diff prints it in conflicts: <c>.spec.containers[name="a"].image</c>.</summary>
    public static string Describe(IEnumerable<string> path)
    {
        var text = new StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var pairs = JsonNode.Parse(body)!.AsObject().Select(p => $"{p.Key}={p.Value?.ToJsonString(Compact) ?? "null"}");
                    text.Append('[').Append(string.Join(',', pairs)).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }
}
