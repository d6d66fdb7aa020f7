using System.Text.Json.Nodes;

namespace Harness.EnvTest.OpenApi;

/// <summary>Small constructors for the OpenAPI schema objects the documents are made of.</summary>
internal static class SchemaShapes
{
    public static JsonObject Str(string description, string? format = null)
    {
        var schema = new JsonObject { ["description"] = description, ["type"] = "string" };
        if (format is not null)
        {
            schema["format"] = format;
        }

        return schema;
    }

    public static JsonObject Int(string description, string format = "int32")
        => new() { ["description"] = description, ["type"] = "integer", ["format"] = format };

    public static JsonObject Bool(string description) => new() { ["description"] = description, ["type"] = "boolean" };

    public static JsonObject Time(string description) => Str(description, "date-time");

    public static JsonObject Obj(string description, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        var obj = new JsonObject { ["description"] = description, ["type"] = "object" };
        if (properties.Length > 0)
        {
            obj["properties"] = props;
        }

        return obj;
    }

    public static JsonObject Required(this JsonObject schema, params string[] names)
    {
        schema["required"] = new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        return schema;
    }

    public static JsonObject Arr(string description, JsonObject items)
        => new() { ["description"] = description, ["type"] = "array", ["items"] = items };

    /// <summary>A list merged by key in strategic merge patches (<c>x-kubernetes-patch-merge-key</c>).</summary>
    public static JsonObject MergeList(string description, JsonObject items, string key)
    {
        var list = Arr(description, items);
        list["x-kubernetes-list-map-keys"] = new JsonArray(key);
        list["x-kubernetes-list-type"] = "map";
        list["x-kubernetes-patch-merge-key"] = key;
        list["x-kubernetes-patch-strategy"] = "merge";
        return list;
    }

    public static JsonObject StrMap(string description)
        => new() { ["description"] = description, ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" } };

    public static JsonObject Quantities(string description)
        => new() { ["description"] = description, ["type"] = "object", ["additionalProperties"] = Quantity("A quantity such as 1Gi or 500m.") };

    public static JsonObject Quantity(string description) => new()
    {
        ["description"] = description,
        ["x-kubernetes-int-or-string"] = true,
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
    };

    /// <summary>A reference to a definition (<c>#/definitions/...</c>; v3 documents rewrite it).</summary>
    public static JsonObject Ref(string definition, string? description = null)
    {
        var schema = new JsonObject { ["$ref"] = "#/definitions/" + definition };
        if (description is not null)
        {
            schema["description"] = description;
        }

        return schema;
    }

    public static JsonArray Gvk(string group, string version, string kind)
        => new(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });
}
