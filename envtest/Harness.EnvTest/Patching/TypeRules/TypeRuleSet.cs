using System.Text.Json.Nodes;
using Harness.EnvTest.FieldValidation;

namespace Harness.EnvTest.Patching.TypeRules;

/// <summary>
/// The list and map semantics of one kind, looked up by field path. A path names object fields only
/// (stepping into a list item adds no element): <c>spec.containers.ports</c>.
/// Built-in kinds answer from <see cref="BuiltInPatchMetadata"/>; custom resources from the
/// CRD's <c>openAPIV3Schema</c> extensions, with <c>metadata</c> answered as for every kind.
/// </summary>
internal sealed class TypeRuleSet
{
    /// <summary>The built-in structs kube declares <c>+structType=atomic</c>: one leaf of a field set, replaced whole by apply.</summary>
    private static readonly HashSet<string> AtomicStructs = new(StringComparer.Ordinal) { "V1ObjectReference", "V1LabelSelector", "V1TypedLocalObjectReference" };

    private readonly IReadOnlyDictionary<string, ListRule> _lists;
    private readonly JsonObject? _schema;
    private readonly FieldShape? _fields;

    private TypeRuleSet(IReadOnlyDictionary<string, ListRule> lists, JsonObject? schema, FieldShape? fields)
    {
        _lists = lists;
        _schema = schema;
        _fields = fields;
    }

    /// <summary>The rules for the kind the request addresses.</summary>
    public static TypeRuleSet For(PatchContext context) => context.IsBuiltIn
        ? new TypeRuleSet(BuiltInPatchMetadata.ListsOf(context.Group, context.Kind), null, context.BuiltInFields)
        : new TypeRuleSet(BuiltInPatchMetadata.ObjectMetaLists, context.OpenApiV3Schema, null);

    /// <summary>True when the value at <paramref name="path"/> of a built-in is free-form (RawExtension): one leaf of a field set.</summary>
    public bool IsFreeForm(IReadOnlyList<string> path) => ShapeAt(path) is { Kind: FieldShapeKind.Opaque, ValueType: FieldValueType.Any };

    /// <summary>The built-in's shape at <paramref name="path"/> (map keys are path steps; list items are not); null when unknown.</summary>
    private FieldShape? ShapeAt(IReadOnlyList<string> path)
    {
        var shape = _fields;
        foreach (var name in path)
        {
            while (shape is { Kind: FieldShapeKind.List })
            {
                shape = shape.Element;
            }

            shape = shape switch
            {
                { Kind: FieldShapeKind.Map } => shape.Element,
                { Kind: FieldShapeKind.Struct } when shape.TryGetField(name, out var field) => field,
                _ => null,
            };
        }

        return shape;
    }

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

    /// <summary>True when the object at <paramref name="path"/> is declared <c>x-kubernetes-map-type: atomic</c> (a built-in's atomic struct).</summary>
    public bool IsAtomicMap(IReadOnlyList<string> path)
    {
        if (_fields is not null)
        {
            return ShapeAt(path) is { Kind: FieldShapeKind.Struct } shape && AtomicStructs.Contains(shape.ModelName);
        }

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
