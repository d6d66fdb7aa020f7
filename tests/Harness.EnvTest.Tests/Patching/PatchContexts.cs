using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Patching;

namespace Harness.EnvTest.Tests.Patching;

internal static class PatchContexts
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static PatchContext ConfigMap(string? fieldManager = null, bool? force = null, DateTimeOffset? time = null) => new()
    {
        Group = string.Empty,
        Version = "v1",
        Kind = "ConfigMap",
        IsBuiltIn = true,
        Time = time ?? T0,
        FieldManager = fieldManager,
        Force = force,
        UserAgent = "kubectl/v1.32.0 (linux/amd64) kubernetes/abc",
    };

    public static PatchContext Pod(string? fieldManager = null) => ConfigMap(fieldManager) with { Kind = "Pod" };

    public static PatchContext Widget(string? fieldManager = null, bool? force = null, JsonObject? schema = null) => new()
    {
        Group = "example.com",
        Version = "v1",
        Kind = "Widget",
        IsBuiltIn = false,
        Time = T0,
        FieldManager = fieldManager,
        Force = force,
        OpenApiV3Schema = schema,
    };

    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    public static ReadOnlyMemory<byte> Body(string text) => Encoding.UTF8.GetBytes(text);

    public static JsonObject Patch(PatchFormat format, JsonObject? current, string body, PatchContext context) =>
        PatchApplier.Apply(format, current, Body(body), context);

    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    public static JsonObject WithoutManagedFields(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return copy;
    }
}
