using System.Text.Json.Nodes;
using static Harness.EnvTest.OpenApi.SchemaShapes;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// The definitions of served kinds and their lists, plus the <c>meta/v1</c> ones: built-in kinds
/// from <see cref="BuiltInSchemas"/>, custom kinds from their CRD version schema with
/// <c>metadata</c> pointing at ObjectMeta, as kube-apiserver publishes them. References use
/// <c>#/definitions/</c>; <see cref="ForV3"/> rewrites them for OpenAPI 3.
/// </summary>
internal static class OpenApiDefinitions
{
    public static SortedDictionary<string, JsonObject> Build(IEnumerable<OpenApiResource> resources)
    {
        var definitions = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, schema) in MetaSchemas.All())
        {
            definitions[name] = schema;
        }

        foreach (var resource in resources)
        {
            var kindName = DefinitionNames.For(resource, resource.Kind);
            var kind = resource.Schema is { } crdSchema ? CustomKind(crdSchema) : BuiltInSchemas.For(resource.Group, resource.Kind);
            AddGvk(kind, resource, resource.Kind);
            definitions[kindName] = kind;

            var list = Obj(
                $"A list of {resource.Kind} objects.",
                ("apiVersion", MetaSchemas.ApiVersion()),
                ("items", Arr($"The {resource.Kind} objects.", Ref(kindName))),
                ("kind", MetaSchemas.Kind()),
                ("metadata", Ref(DefinitionNames.ListMeta, "Standard list metadata.")))
                .Required("items");
            AddGvk(list, resource, resource.Kind + "List");
            definitions[DefinitionNames.For(resource, resource.Kind + "List")] = list;
        }

        return definitions;
    }

    /// <summary>A v2 definition: OpenAPI 3-only keywords removed, as kube does when it publishes CRDs in Swagger 2.0.</summary>
    public static JsonObject ForV2(JsonObject definition)
    {
        var copy = (JsonObject)definition.DeepClone();
        StripV3Only(copy);
        return copy;
    }

    /// <summary>A v3 definition: references point into <c>#/components/schemas/</c>; a reference with siblings becomes an <c>allOf</c>.</summary>
    public static JsonObject ForV3(JsonObject definition)
    {
        var copy = (JsonObject)definition.DeepClone();
        RewriteReferences(copy);
        return copy;
    }

    private static JsonObject CustomKind(JsonObject crdSchema)
    {
        var kind = (JsonObject)crdSchema.DeepClone();
        if (kind["properties"] is not JsonObject properties)
        {
            properties = new JsonObject();
            kind["properties"] = properties;
        }

        properties["apiVersion"] = MetaSchemas.ApiVersion();
        properties["kind"] = MetaSchemas.Kind();
        properties["metadata"] = MetaSchemas.MetadataRef();
        return kind;
    }

    private static void AddGvk(JsonObject schema, OpenApiResource resource, string kind)
        => schema["x-kubernetes-group-version-kind"] = Gvk(resource.Group, resource.Version, kind);

    private static void StripV3Only(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("nullable");
                obj.Remove("oneOf");
                obj.Remove("anyOf");
                obj.Remove("not");
                obj.Remove("x-kubernetes-validations");
                if (obj["x-kubernetes-int-or-string"] is not null)
                {
                    obj.Remove("type");
                }

                foreach (var (_, child) in obj.ToArray())
                {
                    StripV3Only(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    StripV3Only(child);
                }

                break;
        }
    }

    private static void RewriteReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith("#/definitions/", StringComparison.Ordinal))
                {
                    var rewritten = "#/components/schemas/" + target["#/definitions/".Length..];
                    if (obj.Count == 1)
                    {
                        obj["$ref"] = rewritten;
                    }
                    else
                    {
                        obj.Remove("$ref");
                        obj["allOf"] = new JsonArray(new JsonObject { ["$ref"] = rewritten });
                        if (!obj.ContainsKey("default"))
                        {
                            obj["default"] = new JsonObject();
                        }
                    }

                    return;
                }

                foreach (var (_, child) in obj.ToArray())
                {
                    RewriteReferences(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child);
                }

                break;
        }
    }
}
