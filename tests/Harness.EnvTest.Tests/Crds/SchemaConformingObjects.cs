using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>Generates objects that satisfy an <c>openAPIV3Schema</c> (the subset the harness CRDs use), from a seed.</summary>
internal sealed class SchemaConformingObjects(int seed)
{
    private static readonly string[] Times = ["2024-05-01T10:00:00Z", "2026-11-25T23:59:59+01:00", "2000-01-01T00:00:00.5Z"];
    private readonly Random _random = new(seed);

    public JsonObject Generate(JsonObject schema, string apiVersion, string kind)
    {
        var obj = (JsonObject)Value(schema, depth: 0)!;
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        obj["metadata"] = new JsonObject { ["name"] = "object-" + _random.Next(1000) };
        return obj;
    }

    private JsonNode? Value(JsonObject schema, int depth)
    {
        if (schema["enum"] is JsonArray choices)
        {
            return choices[_random.Next(choices.Count)]?.DeepClone();
        }

        if (schema["x-kubernetes-int-or-string"] is not null)
        {
            return schema["pattern"] is not null || _random.Next(2) == 0 ? JsonValue.Create(_random.Next(1, 1 << 20)) : JsonValue.Create("port-" + _random.Next(100));
        }

        var type = schema["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "";
        switch (type)
        {
            case "string":
                if (schema["format"]?.GetValue<string>() == "date-time")
                {
                    return Times[_random.Next(Times.Length)];
                }

                var min = schema["minLength"]?.GetValue<long>() ?? 0;
                return new string('a', (int)min) + new string((char)('a' + _random.Next(26)), _random.Next(1, 8));
            case "integer":
                var low = schema["minimum"] is null ? 0 : (int)schema["minimum"]!.GetValue<long>();
                return _random.Next(low, low + 1000);
            case "number":
                return _random.NextDouble() * 100;
            case "boolean":
                return _random.Next(2) == 0;
            case "array":
                var items = new JsonArray();
                var count = depth > 4 ? 0 : _random.Next(0, 3);
                for (var i = 0; i < count; i++)
                {
                    items.Add(Value(schema["items"]!.AsObject(), depth + 1));
                }

                if (schema["x-kubernetes-list-type"]?.GetValue<string>() == "set")
                {
                    var distinct = items.Select(i => i!.ToJsonString()).Distinct().Select(j => JsonNode.Parse(j)).ToArray();
                    return new JsonArray(distinct);
                }

                return items;
            default:
                return Object(schema, depth);
        }
    }

    private JsonObject Object(JsonObject schema, int depth)
    {
        var obj = new JsonObject();
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (name is "apiVersion" or "kind" or "metadata" && depth == 0)
                {
                    continue;
                }

                // An object with x-kubernetes-validations gets all its fields, so that the rules' presence checks hold.
                if (required.Contains(name) || schema.ContainsKey("x-kubernetes-validations") || (depth < 5 && _random.Next(3) > 0))
                {
                    obj[name] = Value(property!.AsObject(), depth + 1);
                }
            }
        }
        else if (schema["additionalProperties"] is JsonObject additional)
        {
            for (var i = _random.Next(3); i > 0; i--)
            {
                obj["key" + i] = Value(additional, depth + 1);
            }
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var keep = oneOf[_random.Next(oneOf.Count)]!["required"]![0]!.GetValue<string>();
            foreach (var alternative in oneOf)
            {
                var field = alternative!["required"]![0]!.GetValue<string>();
                if (field != keep)
                {
                    obj.Remove(field);
                }
            }

            if (!obj.ContainsKey(keep))
            {
                obj[keep] = Value(schema["properties"]![keep]!.AsObject(), depth + 1);
            }
        }

        if (schema["x-kubernetes-embedded-resource"] is not null)
        {
            obj["apiVersion"] = "kubevirt.io/v1";
            obj["kind"] = "VirtualMachine";
        }

        return obj;
    }
}
