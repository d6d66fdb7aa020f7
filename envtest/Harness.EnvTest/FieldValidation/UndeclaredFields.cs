using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.ServerSideApply;
using Harness.EnvTest.Patching.TypeRules;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// What structured-merge-diff answers when a server-side apply configuration of a built-in kind has a field its schema does not
/// declare: the typed conversion fails, whatever <c>fieldValidation</c> says, with paths in its spelling
/// (<c>.spec.containers[name="c"].imag</c>). Like it, each object reports its first undeclared field only and is not looked at
/// further; objects are read in key order (structured-merge-diff's own order is Go's random map order). Values the OpenAPI
/// leaves free-form (a CRD schema's <c>items</c>, an empty struct) take anything.
/// </summary>
internal static class UndeclaredFields
{
    /// <summary>The error message, or null when every field is declared.</summary>
    public static string? Check(JsonObject config, FieldShape shape, TypeRuleSet rules, string group, string version, string kind)
    {
        var walk = new Walk(rules);
        walk.Node(config, shape);
        if (walk.Errors.Count == 0)
        {
            return null;
        }

        var metadata = config["metadata"] as JsonObject;
        var name = ObjectJson.String(metadata, "name") ?? string.Empty;
        var ns = ObjectJson.String(metadata, "namespace") ?? string.Empty;
        var errors = walk.Errors.Count == 1 ? walk.Errors[0] : "errors:\n  " + string.Join("\n  ", walk.Errors);
        return $"failed to create typed patch object ({ns}/{name}; {group}/{version}, Kind={kind}): {errors}";
    }

    private sealed class Walk(TypeRuleSet rules)
    {
        private readonly List<string> elements = [];
        private readonly List<string> fieldNames = [];

        public List<string> Errors { get; } = [];

        public void Node(JsonNode? node, FieldShape shape)
        {
            switch (shape.Kind)
            {
                case FieldShapeKind.Struct when node is JsonObject obj && !shape.DeclaresNoFields:
                    foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        if (!shape.TryGetField(key, out var field))
                        {
                            Errors.Add(FieldPath.Describe([.. elements, FieldPath.Field(key)]) + ": field not declared in schema");
                            return;
                        }

                        Field(key, value, field);
                    }

                    break;
                case FieldShapeKind.Map when node is JsonObject obj:
                    foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        Field(key, value, shape.Element!);
                    }

                    break;
                case FieldShapeKind.List when node is JsonArray array:
                    var rule = rules.List(fieldNames);
                    for (var i = 0; i < array.Count; i++)
                    {
                        elements.Add(FieldPath.Item(rule, array[i], i));
                        Node(array[i], shape.Element!);
                        elements.RemoveAt(elements.Count - 1);
                    }

                    break;
            }
        }

        private void Field(string key, JsonNode? value, FieldShape shape)
        {
            if (shape.Kind == FieldShapeKind.Opaque)
            {
                return;
            }

            elements.Add(FieldPath.Field(key));
            fieldNames.Add(key);
            Node(value, shape);
            fieldNames.RemoveAt(fieldNames.Count - 1);
            elements.RemoveAt(elements.Count - 1);
        }
    }
}
