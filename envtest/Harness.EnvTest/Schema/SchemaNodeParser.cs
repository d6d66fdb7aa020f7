using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Compiles an <c>openAPIV3Schema</c> into <see cref="SchemaNode"/>s and reports what makes it
/// unusable for a CustomResourceDefinition, with apiextensions-apiserver's messages and field paths
/// (<c>properties[spec].type: Required value: must not be empty for specified object fields</c>).
/// </summary>
internal sealed class SchemaNodeParser
{
    private static readonly string[] Forbidden = ["$ref", "additionalItems", "patternProperties", "dependencies", "definitions", "id", "$schema"];

    private readonly List<FieldError> _errors = [];
    private readonly List<(SchemaNode Node, string Path)> _defaults = [];

    private enum Level
    {
        Root,
        Field,
        Item,
    }

    public static SchemaNode Parse(JsonObject schema, string path, out IReadOnlyList<FieldError> errors)
    {
        var parser = new SchemaNodeParser();
        var root = parser.ParseNode(schema, path, Level.Root, valueValidation: false);
        parser.CheckDefaults();
        errors = parser._errors;
        return root;
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Key(string path, string key) => path + "[" + key + "]";

    private SchemaNode ParseNode(JsonObject json, string path, Level level, bool valueValidation)
    {
        var node = new SchemaNode();
        foreach (var keyword in Forbidden)
        {
            if (json.ContainsKey(keyword))
            {
                _errors.Add(FieldErrors.Forbidden(Child(path, keyword), keyword + " is not supported"));
            }
        }

        node.Type = ReadString(json, "type", path) ?? "";
        node.IntOrString = ReadBool(json, "x-kubernetes-int-or-string", path);
        node.Nullable = ReadBool(json, "nullable", path);
        node.PreserveUnknownFields = ReadBool(json, "x-kubernetes-preserve-unknown-fields", path);
        node.EmbeddedResource = ReadBool(json, "x-kubernetes-embedded-resource", path);
        if (json["x-kubernetes-preserve-unknown-fields"] is JsonValue preserve && preserve.GetValueKind() == JsonValueKind.False)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "x-kubernetes-preserve-unknown-fields"), preserve, "must be true or undefined"));
        }

        if (ReadString(json, "format", path) is { } format)
        {
            node.Format = StringFormat.Find(format);
        }

        if (ReadString(json, "pattern", path) is { } pattern)
        {
            try
            {
                node.Pattern = SchemaPattern.Parse(pattern);
            }
            catch (ArgumentException e)
            {
                _errors.Add(FieldErrors.Invalid(Child(path, "pattern"), pattern, "must be a valid regular expression, but isn't: " + e.Message));
            }
        }

        node.Minimum = ReadNumber(json, "minimum", path);
        node.Maximum = ReadNumber(json, "maximum", path);
        node.ExclusiveMinimum = ReadBool(json, "exclusiveMinimum", path);
        node.ExclusiveMaximum = ReadBool(json, "exclusiveMaximum", path);
        node.MultipleOf = ReadNumber(json, "multipleOf", path);
        if (node.MultipleOf is <= 0)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "multipleOf"), json["multipleOf"], "must be greater than zero"));
        }

        node.MinLength = ReadCount(json, "minLength", path);
        node.MaxLength = ReadCount(json, "maxLength", path);
        node.MinItems = ReadCount(json, "minItems", path);
        node.MaxItems = ReadCount(json, "maxItems", path);
        node.MinProperties = ReadCount(json, "minProperties", path);
        node.MaxProperties = ReadCount(json, "maxProperties", path);
        node.UniqueItems = ReadBool(json, "uniqueItems", path);
        if (node.UniqueItems)
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }

        node.Required = ReadStrings(json, "required", path);
        if (json["enum"] is JsonArray enumValues)
        {
            node.Enum = enumValues.Select(v => v?.DeepClone()).ToArray();
        }
        else if (json.ContainsKey("enum"))
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "enum"), json["enum"], "must be an array"));
        }

        if (json["properties"] is JsonObject properties)
        {
            node.Properties = new Dictionary<string, SchemaNode>(properties.Count, StringComparer.Ordinal);
            foreach (var (name, value) in properties)
            {
                var propertyPath = Key(Child(path, "properties"), name);
                node.Properties[name] = value is JsonObject p
                    ? ParseNode(p, propertyPath, Level.Field, valueValidation)
                    : Invalid(propertyPath, value, "must be a schema object");
            }
        }

        ParseAdditionalProperties(json, node, path, valueValidation);
        ParseItems(json, node, path, valueValidation);
        ParseListType(json, node, path);
        node.AllOf = ParseList(json, "allOf", path);
        node.AnyOf = ParseList(json, "anyOf", path);
        node.OneOf = ParseList(json, "oneOf", path);
        if (json["not"] is JsonObject not)
        {
            node.Not = ParseNode(not, Child(path, "not"), Level.Field, valueValidation: true);
        }

        if (json.ContainsKey("default"))
        {
            node.Default = json["default"]?.DeepClone();
            if (node.Default is not null)
            {
                _defaults.Add((node, path));
            }
        }

        if (valueValidation)
        {
            CheckValueValidation(json, path);
        }
        else
        {
            CheckStructure(node, json, path, level);
        }

        node.Summarize();
        return node;
    }

    private SchemaNode Invalid(string path, JsonNode? value, string detail)
    {
        _errors.Add(FieldErrors.Invalid(path, value, detail));
        return SchemaNode.Empty;
    }

    private void ParseAdditionalProperties(JsonObject json, SchemaNode node, string path, bool valueValidation)
    {
        switch (json["additionalProperties"])
        {
            case null:
                return;
            case JsonObject additional:
                node.AdditionalProperties = ParseNode(additional, Child(path, "additionalProperties"), Level.Field, valueValidation);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.True:
                node.AdditionalProperties = new SchemaNode { PreserveUnknownFields = true };
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.False:
                node.AdditionalPropertiesForbidden = true;
                _errors.Add(FieldErrors.Forbidden(Child(path, "additionalProperties"), "additionalProperties cannot be set to false"));
                break;
            default:
                _errors.Add(FieldErrors.Invalid(Child(path, "additionalProperties"), json["additionalProperties"], "must be a boolean or a schema object"));
                break;
        }

        if (node.Properties is not null && (node.AdditionalProperties is not null || node.AdditionalPropertiesForbidden))
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "additionalProperties"), "additionalProperties and properties are mutual exclusive"));
        }
    }

    private void ParseItems(JsonObject json, SchemaNode node, string path, bool valueValidation)
    {
        switch (json["items"])
        {
            case null:
                return;
            case JsonObject items:
                node.Items = ParseNode(items, Child(path, "items"), Level.Item, valueValidation);
                break;
            default:
                _errors.Add(FieldErrors.Forbidden(Child(path, "items"), "items must be a schema object and not an array"));
                break;
        }
    }

    private void ParseListType(JsonObject json, SchemaNode node, string path)
    {
        node.ListType = ReadString(json, "x-kubernetes-list-type", path);
        node.ListMapKeys = ReadStrings(json, "x-kubernetes-list-map-keys", path);
        var listTypePath = Child(path, "x-kubernetes-list-type");
        switch (node.ListType)
        {
            case null:
                if (node.ListMapKeys.Length > 0)
                {
                    _errors.Add(FieldErrors.Forbidden(Child(path, "x-kubernetes-list-map-keys"), "must not be specified if x-kubernetes-list-type is not map"));
                }

                return;
            case "atomic" or "set" or "map":
                break;
            default:
                _errors.Add(FieldErrors.NotSupported(listTypePath, json["x-kubernetes-list-type"], ["atomic", "set", "map"]));
                return;
        }

        if (node.Type != JsonKinds.Array)
        {
            _errors.Add(FieldErrors.Invalid(listTypePath, node.ListType, "must only be used if type is array"));
        }

        if (node.ListType == "map")
        {
            if (node.ListMapKeys.Length == 0)
            {
                _errors.Add(FieldErrors.Required(Child(path, "x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));
            }

            if (node.Items is { } items)
            {
                if (items.Type != JsonKinds.Object)
                {
                    _errors.Add(FieldErrors.Invalid(Child(Child(path, "items"), "type"), items.Type, "must be object if parent array's x-kubernetes-list-type is map"));
                }

                foreach (var key in node.ListMapKeys)
                {
                    if (items.Properties is null || !items.Properties.TryGetValue(key, out var keyNode))
                    {
                        _errors.Add(FieldErrors.Invalid(Child(path, "x-kubernetes-list-map-keys"), key, "entries must all be names of item properties"));
                    }
                    else if (!items.Required.Contains(key) && keyNode.Default is null)
                    {
                        _errors.Add(FieldErrors.Required(Key(Child(Child(path, "items"), "properties"), key), "all map keys must be required or have a default value"));
                    }
                }
            }
        }
        else if (node.ListMapKeys.Length > 0)
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "x-kubernetes-list-map-keys"), "must not be specified if x-kubernetes-list-type is not map"));
        }

        if (node.ListType == "set" && node.Items is { } setItems && (setItems.Type is JsonKinds.Object or JsonKinds.Array) && setItems.ListType != "atomic")
        {
            _errors.Add(FieldErrors.Invalid(Child(Child(path, "items"), "x-kubernetes-map-type"), setItems.Type, "must be atomic as item of a list with x-kubernetes-list-type=set"));
        }
    }

    private SchemaNode[]? ParseList(JsonObject json, string keyword, string path)
    {
        if (json[keyword] is not JsonArray array)
        {
            if (json.ContainsKey(keyword))
            {
                _errors.Add(FieldErrors.Invalid(Child(path, keyword), json[keyword], "must be an array"));
            }

            return null;
        }

        var result = new SchemaNode[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = Child(path, keyword) + "[" + i + "]";
            if (array[i] is JsonObject item)
            {
                result[i] = IsIntOrStringBranch(json, keyword, item)
                    ? new SchemaNode { Type = item["type"]!.GetValue<string>() }
                    : ParseNode(item, itemPath, Level.Field, valueValidation: true);
            }
            else
            {
                result[i] = Invalid(itemPath, array[i], "must be a schema object");
            }
        }

        return result;
    }

    private static bool IsIntOrStringBranch(JsonObject parent, string keyword, JsonObject branch)
    {
        if (keyword != "anyOf" || branch.Count != 1 || branch["type"] is not JsonValue type)
        {
            return false;
        }

        var typeName = type.GetValueKind() == JsonValueKind.String ? type.GetValue<string>() : "";
        return (typeName is JsonKinds.Integer or JsonKinds.String) && parent["anyOf"] is JsonArray { Count: 2 };
    }

    private void CheckValueValidation(JsonObject json, string path)
    {
        if (json.ContainsKey("type"))
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "type"), "must be empty to be structural"));
        }

        if (json.ContainsKey("nullable"))
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "nullable"), "must be false to be structural"));
        }

        if (json.ContainsKey("default"))
        {
            _errors.Add(FieldErrors.Forbidden(Child(path, "default"), "must be undefined to be structural"));
        }

        foreach (var extension in new[] { "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string" })
        {
            if (json.ContainsKey(extension))
            {
                _errors.Add(FieldErrors.Forbidden(Child(path, extension), "must be false to be structural"));
            }
        }
    }

    private void CheckStructure(SchemaNode node, JsonObject json, string path, Level level)
    {
        if (node.Type == JsonKinds.Array && node.Items is null)
        {
            _errors.Add(FieldErrors.Required(Child(path, "items"), "must be specified"));
        }

        if (node.Type.Length > 0 && node.Type is not (JsonKinds.Object or JsonKinds.Array or JsonKinds.String or JsonKinds.Integer or JsonKinds.Number or JsonKinds.Boolean))
        {
            _errors.Add(FieldErrors.NotSupported(Child(path, "type"), json["type"], [JsonKinds.Array, JsonKinds.Boolean, JsonKinds.Integer, JsonKinds.Number, JsonKinds.Object, JsonKinds.String]));
        }

        if (node.IntOrString && node.Type.Length > 0)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "type"), node.Type, "must be empty if x-kubernetes-int-or-string is true"));
        }

        if (node.EmbeddedResource && node.Type != JsonKinds.Object)
        {
            _errors.Add(node.Type.Length == 0
                ? FieldErrors.Required(Child(path, "type"), "must be object if x-kubernetes-embedded-resource is true")
                : FieldErrors.Invalid(Child(path, "type"), node.Type, "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (node.Type.Length == 0 && !node.IntOrString)
        {
            var detail = level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            };
            _errors.Add(FieldErrors.Required(Child(path, "type"), detail));
        }

        if (level == Level.Root && node.Type.Length > 0 && node.Type != JsonKinds.Object)
        {
            _errors.Add(FieldErrors.Invalid(Child(path, "type"), node.Type, "must be object at the root"));
        }

        if ((level == Level.Root || node.EmbeddedResource) && node.Properties is not null && node.Properties.TryGetValue("metadata", out var metadata))
        {
            var metadataPath = Key(Child(path, "properties"), "metadata");
            if (metadata.Type != JsonKinds.Object)
            {
                _errors.Add(FieldErrors.Invalid(Child(metadataPath, "type"), metadata.Type, "must be object"));
            }

            foreach (var name in metadata.Properties?.Keys ?? Enumerable.Empty<string>())
            {
                if (name is not ("name" or "generateName"))
                {
                    _errors.Add(FieldErrors.Forbidden(Key(Child(metadataPath, "properties"), name), "must not be specified"));
                }
            }
        }

        if (node.EmbeddedResource && !node.PreserveUnknownFields && node.Properties is null)
        {
            _errors.Add(FieldErrors.Required(Child(path, "properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    private void CheckDefaults()
    {
        foreach (var (node, path) in _defaults)
        {
            var defaultPath = Child(path, "default");
            var pruned = node.Default!.DeepClone();
            SchemaPruner.Prune(pruned, node, isRoot: false);
            if (!JsonKinds.DeepEquals(pruned, node.Default))
            {
                _errors.Add(FieldErrors.Invalid(defaultPath, node.Default, "must not have unknown fields"));
                continue;
            }

            _errors.AddRange(SchemaValidator.Validate(node, node.Default, defaultPath));
        }
    }

    private string? ReadString(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a string"));
        return null;
    }

    private bool ReadBool(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return false;
        }

        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValueKind() == JsonValueKind.True;
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a boolean"));
        return false;
    }

    private double? ReadNumber(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return JsonKinds.GetDouble(v);
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a number"));
        return null;
    }

    private long? ReadCount(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue v && JsonKinds.TryGetInteger(v, out var count) && count >= 0)
        {
            return count;
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a non-negative integer"));
        return null;
    }

    private string[] ReadStrings(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return [];
        }

        if (value is JsonArray array && array.All(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            return array.Select(item => item!.GetValue<string>()).ToArray();
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be an array of strings"));
        return [];
    }
}
