using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema.Rules.Cost;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Compiles an <c>openAPIV3Schema</c> into <see cref="SchemaNode"/>s and reports what makes it
/// unusable for a CustomResourceDefinition, with apiextensions-apiserver's messages and field paths
/// (<c>properties[spec].type: Required value: must not be empty for specified object fields</c>).
/// </summary>
internal sealed partial class SchemaNodeParser
{
    private static readonly string[] Forbidden = ["$ref", "additionalItems", "patternProperties", "dependencies", "definitions", "id", "$schema"];

    private readonly List<FieldError> _errors = [];
    private readonly List<(SchemaNode Node, string Path)> _defaults = [];
    private readonly CostBudget _costBudget = new();

    /// <summary>How many times the node being parsed can occur (the product of its lists' and maps' bounds), null when unbounded.</summary>
    private ulong? _cardinality = 1;

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
        parser._errors.AddRange(parser._costBudget.TotalErrors(path));
        root.EstimatedRulesCost = parser._costBudget.Total;
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

        var cardinality = _cardinality;
        _cardinality = cardinality is { } bounded && SchemaSizes.ChildCardinality(node.Type, json.ContainsKey("additionalProperties"), node.MaxItems, node.MaxProperties) is { } factor
            ? CostBudget.Times(bounded, factor)
            : null;
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
        _cardinality = cardinality;
        ParseListType(json, node, path);
        node.AllOf = ParseList(json, "allOf", path);
        node.AnyOf = ParseList(json, "anyOf", path);
        node.OneOf = ParseList(json, "oneOf", path);
        if (json["not"] is JsonObject not)
        {
            node.Not = ParseNode(not, Child(path, "not"), Level.Field, valueValidation: true);
        }

        if (!valueValidation)
        {
            ParseRules(json, node, path, level == Level.Root);
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
}
