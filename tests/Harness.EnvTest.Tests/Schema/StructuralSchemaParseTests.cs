using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tests.Schema;

public sealed class StructuralSchemaParseTests
{
    [Theory]
    [InlineData("""{"type": "object", "properties": {"spec": {"properties": {}}}}""", "FieldValueRequired", "properties[spec].type", "Required value: must not be empty for specified object fields")]
    [InlineData("""{"properties": {}}""", "FieldValueRequired", "type", "Required value: must not be empty at the root")]
    [InlineData("""{"type": "string"}""", "FieldValueInvalid", "type", "Invalid value: \"string\": must be object at the root")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "array"}}}""", "FieldValueRequired", "properties[a].items", "Required value: must be specified")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "array", "items": {"properties": {}}}}}""", "FieldValueRequired", "properties[a].items.type", "Required value: must not be empty for specified array items")]
    [InlineData("""{"type": "object", "properties": {"metadata": {"type": "object", "properties": {"labels": {"type": "object"}}}}}""", "FieldValueForbidden", "properties[metadata].properties[labels]", "Forbidden: must not be specified")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "array", "uniqueItems": true, "items": {"type": "string"}}}}""", "FieldValueForbidden", "properties[a].uniqueItems", "Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "x-kubernetes-preserve-unknown-fields": false}}}""", "FieldValueInvalid", "properties[a].x-kubernetes-preserve-unknown-fields", "Invalid value: false: must be true or undefined")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "x-kubernetes-int-or-string": true}}}""", "FieldValueInvalid", "properties[a].type", "Invalid value: \"string\": must be empty if x-kubernetes-int-or-string is true")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "integer", "default": "x"}}}""", "FieldValueTypeInvalid", "properties[a].default", "Invalid value: \"string\": properties[a].default in body must be of type integer: \"string\"")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}, "default": {"c": 1}}}}""", "FieldValueInvalid", "properties[a].default", "Invalid value: map[string]interface {}{\"c\":1}: must not have unknown fields")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "allOf": [{"type": "string"}]}}}""", "FieldValueForbidden", "properties[a].allOf[0].type", "Forbidden: must be empty to be structural")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "pattern": "("}}}""", "FieldValueInvalid", "properties[a].pattern", null)]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "pattern": "^a(?=b)"}}}""", "FieldValueInvalid", "properties[a].pattern", null)]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "pattern": "^(a)\\1$"}}}""", "FieldValueInvalid", "properties[a].pattern", null)]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "pattern": "(?>a+)b"}}}""", "FieldValueInvalid", "properties[a].pattern", null)]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": {"type": "string"}}}}""", "FieldValueForbidden", "properties[a].additionalProperties", "Forbidden: additionalProperties and properties are mutual exclusive")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "array", "x-kubernetes-list-type": "map", "items": {"type": "object", "properties": {"k": {"type": "string"}}}}}}""", "FieldValueRequired", "properties[a].x-kubernetes-list-map-keys", "Required value: must not be empty if x-kubernetes-list-type is map")]
    public void Parse_NonStructuralSchema_ReportsKubeError(string json, string reason, string field, string? message)
    {
        StructuralSchema.Parse(JsonNode.Parse(json)!.AsObject(), out var errors);

        var error = Assert.Single(errors);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(field, error.Field);
        if (message is not null)
        {
            Assert.Equal(message, error.Message);
        }
    }

    [Fact]
    public void Parse_WithFieldPath_PrefixesErrors()
    {
        StructuralSchema.Parse(JsonNode.Parse("""{"type": "object", "properties": {"spec": {}}}""")!.AsObject(), "spec.versions[0].schema.openAPIV3Schema", out var errors);

        Assert.Equal([new FieldError("FieldValueRequired", "spec.versions[0].schema.openAPIV3Schema.properties[spec].type", "Required value: must not be empty for specified object fields")], errors);
    }

    [Fact]
    public void Parse_IntOrStringAnyOfPattern_IsStructural()
    {
        StructuralSchema.Parse(JsonNode.Parse("""{"type": "object", "properties": {"q": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}], "pattern": "^[0-9]+$"}}}""")!.AsObject(), out var errors);

        Assert.Empty(errors);
    }

    [Fact]
    public void Parse_SourceIsCopied_LaterChangesDoNotAffectSchema()
    {
        var json = JsonNode.Parse("""{"type": "object", "properties": {"a": {"type": "string"}}}""")!.AsObject();
        var schema = StructuralSchema.Parse(json, out _);

        json["properties"]!["a"]!["type"] = "integer";

        Assert.Empty(schema.Validate(JsonNode.Parse("""{"a": "text"}""")!.AsObject()));
        Assert.Equal("string", schema.Source["properties"]!["a"]!["type"]!.GetValue<string>());
    }
}
