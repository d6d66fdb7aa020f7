using System.Text.Json.Nodes;

namespace Harness.EnvTest.Patching.TypeRules;

/// <summary>
/// The list and map semantics of one kind, looked up by field path. A path names object fields only
/// (stepping into a list item adds no element): <c>spec.containers.ports</c>.
/// Built-in kinds answer from <see cref="BuiltInPatchMetadata"/>; custom resources from the
/// CRD's <c>openAPIV3Schema</c> extensions, with <c>metadata</c> answered as for every kind.
/// </summary>
internal sealed class TypeRuleSet
{
    private readonly IReadOnlyDictionary<string, ListRule> _lists;
    private readonly JsonObject? _schema;

    private TypeRuleSet(IReadOnlyDictionary<string, ListRule> lists, JsonObject? schema)
    {
        _lists = lists;
        _schema = schema;
    }

    /// <summary>The rules for the kind the request addresses.</summary>
    public static TypeRuleSet For(PatchContext context) => context.IsBuiltIn
        ? new TypeRuleSet(BuiltInPatchMetadata.ListsOf(context.Group, context.Kind), null)
        : new TypeRuleSet(BuiltInPatchMetadata.ObjectMetaLists, context.OpenApiV3Schema);

    /// <summary>The rule of the list at <paramref name="path"/>; undeclared lists are atomic.</summary>
    public ListRule List(IReadOnlyList<string> path)
    {
        if (_lists.TryGetValue(string.Join('.', path), out var rule))
        {
            return rule;
        }

        if (_schema is null || path is ["metadata", ..])
        {
            return ListRule.AtomicReplace;
        }

        var node = SchemaAt(path);
        return node?["x-kubernetes-list-type"]?.GetValue<string>() switch
        {
            "set" => new ListRule(ListType.Set, [], SmpListStrategy.Replace, null),
            "map" => new ListRule(
                ListType.Map,
                node["x-kubernetes-list-map-keys"]?.AsArray().Select(k => k!.GetValue<string>()).ToArray() ?? [],
                SmpListStrategy.Replace,
                null),
            _ => ListRule.AtomicReplace,
        };
    }

    /// <summary>True when the object at <paramref name="path"/> is declared <c>x-kubernetes-map-type: atomic</c>.</summary>
    public bool IsAtomicMap(IReadOnlyList<string> path)
    {
        if (_schema is null || path is ["metadata", ..])
        {
            return false;
        }

        return SchemaAt(path)?["x-kubernetes-map-type"]?.GetValue<string>() == "atomic";
    }

    private JsonObject? SchemaAt(IReadOnlyList<string> path)
    {
        var node = _schema;
        foreach (var name in path)
        {
            if (node is null)
            {
                return null;
            }

            if (node["items"] is JsonObject items)
            {
                node = items;
            }

            node = node["properties"]?[name] as JsonObject ?? node["additionalProperties"] as JsonObject;
        }

        return node;
    }
}
