using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Tests.Schema;

public sealed class StructuralSchemaPruningTests
{
    private const string SchemaJson = """
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "properties": {
                "known": {"type": "string"},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"typed": {"type": "object", "properties": {"a": {"type": "string"}}}}},
                "list": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
                "map": {"type": "object", "additionalProperties": {"type": "object", "properties": {"v": {"type": "integer"}}}},
                "nullable": {"type": "string", "nullable": true},
                "plain": {"type": "string"},
                "vm": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {"spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}
              }
            },
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
          }
        }
        """;

    [Fact]
    public void Prune_UnknownFields_AreDroppedAndKnownKept()
    {
        var obj = Prune("""{"apiVersion": "g/v1", "kind": "K", "metadata": {"name": "a", "bogus": 1}, "extra": 1, "spec": {"known": "x", "unknown": 2}}""");

        Assert.Equal("""{"apiVersion":"g/v1","kind":"K","metadata":{"name":"a"},"spec":{"known":"x"}}""", obj.ToJsonString());
    }

    [Fact]
    public void Prune_PreserveUnknownFields_KeepsUnknownButPrunesDeclaredChildren()
    {
        var obj = Prune("""{"spec": {"free": {"anything": {"deep": 1}, "typed": {"a": "x", "b": "y"}}}, "status": {"phase": "Succeeded"}}""");

        Assert.Equal("""{"spec":{"free":{"anything":{"deep":1},"typed":{"a":"x"}}},"status":{"phase":"Succeeded"}}""", obj.ToJsonString());
    }

    [Fact]
    public void Prune_ItemsAndAdditionalProperties_ArePrunedByTheirSchemas()
    {
        var obj = Prune("""{"spec": {"list": [{"name": "a", "x": 1}], "map": {"k": {"v": 1, "w": 2}}}}""");

        Assert.Equal("""{"spec":{"list":[{"name":"a"}],"map":{"k":{"v":1}}}}""", obj.ToJsonString());
    }

    [Fact]
    public void Prune_NullInNonNullableField_IsRemovedButNullableKept()
    {
        var obj = Prune("""{"spec": {"plain": null, "nullable": null}}""");

        Assert.Equal("""{"spec":{"nullable":null}}""", obj.ToJsonString());
    }

    [Fact]
    public void Prune_EmbeddedResource_KeepsTypeMetaAndCoercesMetadata()
    {
        var obj = Prune("""{"spec": {"vm": {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "larry", "junk": true}, "spec": {"running": true}, "status": {"x": 1}}}}""");

        Assert.Equal("""{"spec":{"vm":{"apiVersion":"kubevirt.io/v1","kind":"VirtualMachine","metadata":{"name":"larry"},"spec":{"running":true}}}}""", obj.ToJsonString());
    }

    [Fact]
    public void PruneAndReportUnknownFields_ReturnsPathsOfDroppedFields()
    {
        var schema = StructuralSchema.Parse(JsonNode.Parse(SchemaJson)!.AsObject(), out _);
        var obj = JsonNode.Parse("""{"extra": 1, "metadata": {"x": 1}, "spec": {"unknown": 2, "list": [{"name": "a"}, {"bad": 1}], "free": {"typed": {"zz": 1}, "kept": 1}}}""")!.AsObject();

        var pruned = schema.PruneAndReportUnknownFields(obj);

        Assert.Equal(["extra", "metadata.x", "spec.unknown", "spec.list[1].bad", "spec.free.typed.zz"], pruned);
    }

    private static JsonObject Prune(string json)
    {
        var schema = StructuralSchema.Parse(JsonNode.Parse(SchemaJson)!.AsObject(), out var errors);
        Assert.Empty(errors);
        var obj = JsonNode.Parse(json)!.AsObject();
        schema.Prune(obj);
        return obj;
    }
}
