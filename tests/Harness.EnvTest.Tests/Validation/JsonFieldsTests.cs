using System.Text.Json.Nodes;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>
/// Integers read from a decoded object are the same whether the value was parsed from JSON or built in the server
/// (defaults, protobuf bodies, <c>metadata.generation</c> on create build them from an <c>int</c>).
/// </summary>
public sealed class JsonFieldsTests
{
    public static TheoryData<JsonNode> Sevens => new()
    {
        JsonNode.Parse("7")!,
        JsonValue.Create(7),
        JsonValue.Create(7L),
        JsonValue.Create((short)7),
        JsonValue.Create(7u),
    };

    [Theory]
    [MemberData(nameof(Sevens))]
    public void Integer_AnyIntegralValue_ReadsIt(JsonNode seven)
    {
        Assert.Equal(7, JsonFields.Integer(new JsonObject { ["priority"] = seven }, "priority"));
        Assert.Equal(7, ObjectJson.Generation(new JsonObject { ["generation"] = seven.DeepClone() }));
    }

    [Fact]
    public void Integer_FractionOrString_IsAbsent()
    {
        Assert.Null(JsonFields.Integer(JsonNode.Parse("""{"a":1.5}"""), "a"));
        Assert.Null(JsonFields.Integer(JsonNode.Parse("""{"a":"7"}"""), "a"));
    }
}
