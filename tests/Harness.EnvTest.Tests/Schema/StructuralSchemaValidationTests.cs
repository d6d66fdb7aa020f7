using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tests.Schema;

public sealed class StructuralSchemaValidationTests
{
    private const string SpecSchema = """
        {
          "type": "object",
          "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": {
              "type": "object",
              "required": ["source"],
              "properties": {
                "replicas": {"type": "integer", "minimum": 1, "maximum": 10},
                "ratio": {"type": "number", "exclusiveMaximum": true, "maximum": 1.5},
                "policy": {"type": "string", "enum": ["Delete", "Retain"]},
                "name": {"type": "string", "pattern": "^[a-z]+$", "minLength": 2, "maxLength": 5},
                "port": {"x-kubernetes-int-or-string": true},
                "when": {"type": "string", "format": "date-time"},
                "deadline": {"type": "string", "format": "duration"},
                "note": {"type": "string", "nullable": true},
                "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 2, "minProperties": 1},
                "source": {
                  "type": "object",
                  "required": ["kind", "name"],
                  "properties": {
                    "apiGroup": {"type": "string"},
                    "kind": {"type": "string"},
                    "name": {"type": "string"}
                  }
                },
                "volumes": {
                  "type": "array",
                  "items": {"type": "object", "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}}
                }
              }
            }
          }
        }
        """;

    [Fact]
    public void Validate_ValidObject_ReturnsNoErrors()
    {
        var errors = Validate("""{"spec": {"replicas": 3, "ratio": 1.2, "policy": "Retain", "name": "abc", "port": "http", "when": "2024-05-01T10:00:00Z", "deadline": "5m", "note": null, "tags": ["a"], "labels": {"a": "b"}, "source": {"kind": "VirtualMachine", "name": "larry"}}}""");

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_StringForInteger_ReportsTypeInvalidAsKube()
    {
        var errors = Validate("""{"spec": {"replicas": "3", "source": {"kind": "VM", "name": "x"}}}""");

        var error = Assert.Single(errors);
        Assert.Equal(new FieldError("FieldValueTypeInvalid", "spec.replicas", "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""), error);
    }

    [Fact]
    public void Validate_MissingRequired_ReportsRequiredValueWithFullPath()
    {
        var errors = Validate("""{"spec": {"source": {"kind": "VirtualMachine"}}}""");

        Assert.Equal([new FieldError("FieldValueRequired", "spec.source.name", "Required value")], errors);
    }

    [Fact]
    public void Validate_MissingRequiredObject_ReportsParentField()
    {
        var errors = Validate("""{"spec": {}}""");

        Assert.Equal([new FieldError("FieldValueRequired", "spec.source", "Required value")], errors);
    }

    [Fact]
    public void Validate_ValueOutsideEnum_ReportsUnsupportedValueWithChoices()
    {
        var errors = Validate("""{"spec": {"policy": "Keep", "source": {"kind": "VM", "name": "x"}}}""");

        Assert.Equal([new FieldError("FieldValueNotSupported", "spec.policy", "Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"")], errors);
    }

    [Theory]
    [InlineData("""{"replicas": 0}""", "spec.replicas", "Invalid value: 0: spec.replicas in body should be greater than or equal to 1")]
    [InlineData("""{"replicas": 11}""", "spec.replicas", "Invalid value: 11: spec.replicas in body should be less than or equal to 10")]
    [InlineData("""{"ratio": 1.5}""", "spec.ratio", "Invalid value: 1.5: spec.ratio in body should be less than 1.5")]
    [InlineData("""{"name": "ABC"}""", "spec.name", "Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'")]
    [InlineData("""{"name": "a"}""", "spec.name", "Invalid value: \"a\": spec.name in body should be at least 2 chars long")]
    [InlineData("""{"when": "yesterday"}""", "spec.when", "Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"")]
    [InlineData("""{"deadline": "five minutes"}""", "spec.deadline", "Invalid value: \"five minutes\": spec.deadline in body must be of type duration: \"five minutes\"")]
    [InlineData("""{"tags": []}""", "spec.tags", "Invalid value: 0: spec.tags in body should have at least 1 items")]
    [InlineData("""{"labels": {}}""", "spec.labels", "Invalid value: 0: spec.labels in body should have at least 1 properties")]
    [InlineData("""{"labels": {"a": 1}}""", "spec.labels.a", "Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\"")]
    [InlineData("""{"volumes": [{"name": "a"}, {"name": 5}]}""", "spec.volumes[1].name", "Invalid value: \"integer\": spec.volumes[1].name in body must be of type string: \"integer\"")]
    [InlineData("""{"port": true}""", "spec.port", "Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"")]
    [InlineData("""{"replicas": null}""", "spec.replicas", "Invalid value: \"null\": spec.replicas in body must be of type integer: \"null\"")]
    public void Validate_ConstraintViolated_ReportsKubeMessage(string spec, string field, string message)
    {
        var obj = JsonNode.Parse(spec)!.AsObject();
        obj["source"] = new JsonObject { ["kind"] = "VM", ["name"] = "x" };

        var errors = Validate(new JsonObject { ["spec"] = obj }.ToJsonString());

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_TooLongString_ReportsTooLong()
    {
        var errors = Validate("""{"spec": {"name": "abcdef", "source": {"kind": "VM", "name": "x"}}}""");

        Assert.Equal([new FieldError("FieldValueTooLong", "spec.name", "Too long: may not be more than 5 bytes")], errors);
    }

    [Fact]
    public void Validate_TooManyItems_ReportsTooMany()
    {
        var errors = Validate("""{"spec": {"tags": ["a", "b", "c"], "source": {"kind": "VM", "name": "x"}}}""");

        Assert.Equal([new FieldError("FieldValueTooMany", "spec.tags", "Too many: 3: must have at most 2 items")], errors);
    }

    [Fact]
    public void Validate_IntegralFloatForInteger_IsAccepted()
    {
        var errors = Validate("""{"spec": {"replicas": 2.0, "port": 8080, "source": {"kind": "VM", "name": "x"}}}""");

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_SeveralViolations_ReportsEachInDocumentOrder()
    {
        var errors = Validate("""{"spec": {"replicas": "x", "policy": "Keep", "source": {}}}""");

        Assert.Equal(["spec.replicas", "spec.policy", "spec.source.kind", "spec.source.name"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_AnyOfUnmatched_ReportsAnyOfAndBranchErrors()
    {
        var schema = Parse("""{"type": "object", "properties": {"size": {"type": "string", "anyOf": [{"pattern": "^[0-9]+$"}, {"pattern": "^[0-9]+Gi$"}]}}}""");

        var errors = schema.Validate(JsonNode.Parse("""{"size": "big"}""")!.AsObject());

        Assert.Equal(2, errors.Count);
        Assert.Equal(new FieldError("FieldValueInvalid", "", "Invalid value: \"\": \"size\" must validate at least one schema (anyOf)"), errors[0]);
        Assert.Equal(new FieldError("FieldValueInvalid", "size", "Invalid value: \"big\": size in body should match '^[0-9]+$'"), errors[1]);
    }

    [Fact]
    public void Validate_OneOfMatchingTwo_ReportsOneOf()
    {
        var schema = Parse("""{"type": "object", "properties": {"n": {"type": "integer", "oneOf": [{"minimum": 1}, {"maximum": 10}]}}}""");

        var errors = schema.Validate(JsonNode.Parse("""{"n": 5}""")!.AsObject());

        Assert.Equal([new FieldError("FieldValueInvalid", "", "Invalid value: \"\": \"n\" must validate one and only one schema (oneOf). Found 2 valid alternatives")], errors);
    }

    [Fact]
    public void Validate_NotMatched_ReportsNot()
    {
        var schema = Parse("""{"type": "object", "properties": {"n": {"type": "string", "not": {"enum": ["forbidden"]}}}}""");

        Assert.Empty(schema.Validate(JsonNode.Parse("""{"n": "ok"}""")!.AsObject()));
        var error = Assert.Single(schema.Validate(JsonNode.Parse("""{"n": "forbidden"}""")!.AsObject()));
        Assert.Equal("Invalid value: \"\": \"n\" must not validate the schema (not)", error.Message);
    }

    [Fact]
    public void Validate_AllOfFailing_ReportsBranchAndAllOf()
    {
        var schema = Parse("""{"type": "object", "properties": {"n": {"type": "integer", "allOf": [{"minimum": 1}, {"maximum": 3}]}}}""");

        var errors = schema.Validate(JsonNode.Parse("""{"n": 5}""")!.AsObject());

        Assert.Equal(["Invalid value: 5: n in body should be less than or equal to 3", "Invalid value: \"\": \"n\" must validate all the schemas (allOf)"], errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_ListTypeSetWithDuplicate_ReportsDuplicateAtSecondIndex()
    {
        var schema = Parse("""{"type": "object", "properties": {"gates": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}}}}""");

        var errors = schema.Validate(JsonNode.Parse("""{"gates": ["Snapshot", "A", "Snapshot"]}""")!.AsObject());

        Assert.Equal([new FieldError("FieldValueDuplicate", "gates[2]", "Duplicate value: \"Snapshot\"")], errors);
    }

    [Fact]
    public void Validate_ListTypeMapWithDuplicateKey_ReportsDuplicateKeys()
    {
        var schema = Parse("""
            {"type": "object", "properties": {"ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
              "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}}}}}
            """);

        var errors = schema.Validate(JsonNode.Parse("""{"ports": [{"name": "a", "port": 1}, {"name": "a", "port": 2}]}""")!.AsObject());

        Assert.Equal([new FieldError("FieldValueDuplicate", "ports[1]", "Duplicate value: map[string]interface {}{\"name\":\"a\"}")], errors);
    }

    [Fact]
    public void Validate_EmbeddedResourceWithoutKind_ReportsRequiredKind()
    {
        var schema = Parse("""
            {"type": "object", "properties": {"template": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}}}
            """);

        var errors = schema.Validate(JsonNode.Parse("""{"template": {"apiVersion": "v1", "metadata": {"name": "a/b"}}}""")!.AsObject());

        Assert.Equal(
            [new FieldError("FieldValueRequired", "template.kind", "Required value"), new FieldError("FieldValueInvalid", "template.metadata.name", "Invalid value: \"a/b\": may not contain '/'")],
            errors);
    }

    [Fact]
    public void Validate_MetadataNameAgainstSchema_ChecksOnlyDeclaredFields()
    {
        var schema = Parse("""{"type": "object", "properties": {"metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 5}}}}}""");

        var errors = schema.Validate(JsonNode.Parse("""{"metadata": {"name": "toolongname", "labels": {"a": "b"}}}""")!.AsObject());

        Assert.Equal([new FieldError("FieldValueTooLong", "metadata.name", "Too long: may not be more than 5 bytes")], errors);
    }

    [Theory]
    [InlineData("^[0-9]+(Mi|Gi)$", "10Gi", true)]
    [InlineData("^[0-9]+(Mi|Gi)$", "10Ti", false)]
    [InlineData("(?i)^[a-z]+$", "ABC", true)]
    [InlineData("(?i)^[a-z]+$", "AB1", false)]
    public void Validate_Pattern_MatchesWhetherBuiltAtOnceOrOnFirstUse(string pattern, string value, bool matches)
    {
        var property = new JsonObject { ["type"] = "string", ["pattern"] = pattern };
        var schema = Parse(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["v"] = property } }.ToJsonString());

        var errors = schema.Validate(new JsonObject { ["v"] = value });

        Assert.Equal(matches, errors.Count == 0);
    }

    private static IReadOnlyList<FieldError> Validate(string json) => Parse(SpecSchema).Validate(JsonNode.Parse(json)!.AsObject());

    private static StructuralSchema Parse(string json)
    {
        var schema = StructuralSchema.Parse(JsonNode.Parse(json)!.AsObject(), out var errors);
        Assert.Empty(errors);
        return schema;
    }
}
