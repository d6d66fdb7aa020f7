using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.FieldValidation;

/// <summary>
/// Finds a value a built-in kind's Go type cannot decode (a string where a list belongs, <c>1.5</c> in an int32), as kube's
/// JSON decoder reports it: <c>json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type
/// []v1.Container</c>, naming the innermost struct and the field names from the root. The decoder keeps going past such a
/// value and reports the first; an error from a type's own decoder (IntOrString, Quantity, Time) stops it at once and
/// names neither struct nor field.
/// <c>null</c> is read as unset everywhere. Unknown fields are not looked at.
/// </summary>
internal static class BuiltInTypeChecker
{
    private const string QuantityFormat = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>The decoder's error for <paramref name="obj"/>, or null when every value has its field's type.</summary>
    public static string? FirstError(JsonObject obj, FieldShape shape, UnknownFieldOrder order)
    {
        var walk = new Walk(order);
        walk.Struct(obj, shape);
        return walk.Fatal ?? walk.First;
    }

    private sealed class Walk(UnknownFieldOrder order)
    {
        private readonly List<string> path = [];
        private string structName = string.Empty;

        public string? First { get; private set; }

        public string? Fatal { get; private set; }

        public void Struct(JsonObject obj, FieldShape shape)
        {
            foreach (var (key, value) in Entries(obj))
            {
                if (Fatal is not null)
                {
                    return;
                }

                // The kind's apiVersion and kind were read before, by kube's version/kind sniffing, not by this decoder.
                if ((path.Count == 0 && key is "apiVersion" or "kind") || !shape.TryGetField(key, out var field))
                {
                    continue;
                }

                var outer = structName;
                structName = shape.StructName;
                path.Add(key);
                Value(value, field);
                path.RemoveAt(path.Count - 1);
                structName = outer;
            }
        }

        private void Value(JsonNode? node, FieldShape shape)
        {
            if (node is null)
            {
                return;
            }

            var kind = node.GetValueKind();
            switch (shape.Kind)
            {
                case FieldShapeKind.Struct when node is JsonObject obj:
                    Struct(obj, shape);
                    break;
                case FieldShapeKind.Map when node is JsonObject obj:
                    foreach (var (_, value) in Entries(obj))
                    {
                        Value(value, shape.Element!);
                    }

                    break;
                case FieldShapeKind.List when node is JsonArray array:
                    foreach (var item in array)
                    {
                        Value(item, shape.Element!);
                    }

                    break;
                case FieldShapeKind.Struct or FieldShapeKind.Map or FieldShapeKind.List:
                    Save(Describe(kind), shape.GoType);
                    break;
                case FieldShapeKind.Opaque:
                    Leaf(node, kind, shape);
                    break;
            }
        }

        private void Leaf(JsonNode node, JsonValueKind kind, FieldShape shape)
        {
            switch (shape.ValueType)
            {
                case FieldValueType.String or FieldValueType.Bytes when kind != JsonValueKind.String:
                case FieldValueType.Bool when kind is not (JsonValueKind.True or JsonValueKind.False):
                case FieldValueType.Number or FieldValueType.Integer when kind != JsonValueKind.Number:
                    Save(Describe(kind), shape.GoType);
                    break;
                case FieldValueType.Integer when !FitsInteger(node, shape.GoType):
                    Save("number " + node.ToJsonString(), shape.GoType);
                    break;
                case FieldValueType.IntOrString when kind == JsonValueKind.Number && !FitsInteger(node, shape.GoType):
                    Fatal = TypeError("number " + node.ToJsonString(), shape.GoType);
                    break;
                case FieldValueType.IntOrString when kind is not (JsonValueKind.String or JsonValueKind.Number):
                    Fatal = TypeError(Describe(kind), shape.GoType);
                    break;
                case FieldValueType.Time when kind != JsonValueKind.String:
                    // A time is read as the string it must be first.
                    Fatal = TypeError(Describe(kind), "string");
                    break;
                case FieldValueType.Quantity when kind is not (JsonValueKind.String or JsonValueKind.Number):
                    Fatal = QuantityFormat;
                    break;
            }
        }

        private IEnumerable<KeyValuePair<string, JsonNode?>> Entries(JsonObject obj) =>
            order == UnknownFieldOrder.Document ? obj : obj.OrderBy(p => p.Key, StringComparer.Ordinal);

        private static bool FitsInteger(JsonNode node, string goType) =>
            long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && (goType != "int32" || value is >= int.MinValue and <= int.MaxValue);

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "bool",
        };

        private void Save(string value, string goType) => First ??= TypeError(value, goType);

        private string TypeError(string value, string goType) =>
            $"json: cannot unmarshal {value} into Go struct field {structName}.{string.Join('.', path)} of type {goType}";
    }
}
