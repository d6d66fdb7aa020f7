using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tests.Schema;

public sealed class StructuralSchemaDefaultingTests
{
    private const string SchemaJson = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "properties": {
                "policy": {"type": "string", "default": "WaitGracePeriod"},
                "count": {"type": "integer", "default": 1},
                "options": {"type": "object", "default": {"mode": "fast"}, "properties": {"mode": {"type": "string"}, "level": {"type": "integer", "default": 3}}},
                "nested": {"type": "object", "properties": {"inner": {"type": "string", "default": "x"}}},
                "items": {"type": "array", "items": {"type": "object", "properties": {"size": {"type": "string", "default": "1Gi"}}}},
                "nullable": {"type": "string", "nullable": true, "default": "d"}
              }
            }
          }
        }
        """;

    [Fact]
    public void ApplyDefaults_MissingFields_GetDefaults()
    {
        var obj = Default("""{"spec": {}}""");

        Assert.Equal("WaitGracePeriod", obj["spec"]!["policy"]!.GetValue<string>());
        Assert.Equal(1, obj["spec"]!["count"]!.GetValue<int>());
        Assert.Equal("""{"mode":"fast","level":3}""", obj["spec"]!["options"]!.ToJsonString());
        Assert.Null(obj["spec"]!["nested"]);
    }

    [Fact]
    public void ApplyDefaults_PresentValues_AreKept()
    {
        var obj = Default("""{"spec": {"policy": "StopTarget", "count": 4, "nested": {}, "items": [{"size": "2Gi"}, {}]}}""");

        Assert.Equal("StopTarget", obj["spec"]!["policy"]!.GetValue<string>());
        Assert.Equal(4, obj["spec"]!["count"]!.GetValue<int>());
        Assert.Equal("x", obj["spec"]!["nested"]!["inner"]!.GetValue<string>());
        Assert.Equal("""[{"size":"2Gi"},{"size":"1Gi"}]""", obj["spec"]!["items"]!.ToJsonString());
    }

    [Fact]
    public void ApplyDefaults_NullInNonNullableField_IsReplacedAndNullableNullKept()
    {
        var obj = Default("""{"spec": {"policy": null, "nullable": null}}""");

        Assert.Equal("WaitGracePeriod", obj["spec"]!["policy"]!.GetValue<string>());
        Assert.True(obj["spec"]!.AsObject().ContainsKey("nullable"));
        Assert.Null(obj["spec"]!["nullable"]);
    }

    [Fact]
    public void ApplyDefaults_DefaultsAreCopies_NotShared()
    {
        var schema = Parse();
        var first = JsonNode.Parse("""{"spec": {}}""")!.AsObject();
        var second = JsonNode.Parse("""{"spec": {}}""")!.AsObject();
        schema.ApplyDefaults(first);
        schema.ApplyDefaults(second);

        first["spec"]!["options"]!["mode"] = "slow";

        Assert.Equal("fast", second["spec"]!["options"]!["mode"]!.GetValue<string>());
    }

    private static StructuralSchema Parse()
    {
        var schema = StructuralSchema.Parse(JsonNode.Parse(SchemaJson)!.AsObject(), out var errors);
        Assert.Empty(errors);
        return schema;
    }

    private static JsonObject Default(string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        Parse().ApplyDefaults(obj);
        return obj;
    }
}
