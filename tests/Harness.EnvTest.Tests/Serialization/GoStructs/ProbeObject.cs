using System.Text.Json.Nodes;
using Harness.EnvTest.FieldValidation;

namespace Harness.EnvTest.Tests.Serialization.GoStructs;

/// <summary>
/// Builds a built-in object from its model's <see cref="FieldShape"/> with every field set (values each Go decoder reads),
/// for kube-apiserver to decode and encode again (<see cref="GoStructLayoutProbe"/>). A struct already being built on the
/// way down (JSONSchemaProps in itself) is sent as <c>{}</c>.
/// </summary>
internal sealed class ProbeObject(ProbeMode mode, int hollowDepth = -1)
{
    private readonly HashSet<string> path = new(StringComparer.Ordinal);

    /// <summary>The deepest struct level built: the root is level 0, its fields' structs level 1.</summary>
    public int MaxDepth { get; private set; }

    public JsonObject Build(FieldShape shape) => (JsonObject)Value(shape, 0)!;

    private JsonNode? Value(FieldShape shape, int depth) => shape.Kind switch
    {
        FieldShapeKind.Struct => Struct(shape, depth),
        FieldShapeKind.QuietSchema => Struct(shape.Element!, depth),
        FieldShapeKind.List => new JsonArray(Value(shape.Element!, depth)),
        FieldShapeKind.Map => new JsonObject { [shape.Element!.ValueType == FieldValueType.Quantity ? "cpu" : "k"] = Value(shape.Element!, depth) },
        _ => Scalar(shape.ValueType),
    };

    private JsonObject Struct(FieldShape shape, int depth)
    {
        var obj = new JsonObject();
        MaxDepth = Math.Max(MaxDepth, depth);
        if ((mode == ProbeMode.Hollow && depth == hollowDepth) || !path.Add(shape.ModelName))
        {
            return obj;
        }

        foreach (var (name, field) in shape.Fields)
        {
            obj[name] = Value(field, depth + 1);
        }

        path.Remove(shape.ModelName);
        return obj;
    }

    private JsonNode? Scalar(FieldValueType type) => (type, mode == ProbeMode.Zero) switch
    {
        (FieldValueType.String, false) => "x",
        (FieldValueType.String, true) => string.Empty,
        (FieldValueType.Bool, var zero) => !zero,
        (FieldValueType.Integer or FieldValueType.IntOrString, var zero) => zero ? 0 : 1,
        (FieldValueType.Number, var zero) => zero ? 0 : 1.5,
        (FieldValueType.Quantity, var zero) => zero ? "0" : "1",
        (FieldValueType.Time, _) => "2024-01-01T00:00:00.000000Z",
        (FieldValueType.Bytes, var zero) => zero ? string.Empty : "eA==",
        _ => new JsonObject(),
    };
}
