using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.FieldValidation;

namespace Harness.EnvTest.Serialization.GoStructs;

/// <summary>
/// Puts a built-in object's fields where kube-apiserver's encoder writes them: each struct's fields in its Go declaration
/// order (<see cref="GoStructLayouts"/>), unset fields without <c>omitempty</c> written as Go writes their zero value,
/// zero values of <c>omitempty</c> fields dropped, map keys in byte order (Go's encoder sorts them). Fields the table does
/// not know (kinds' fields KubernetesClient's models have and kube 1.32 lacks) stay after the known ones, as sent.
/// </summary>
internal static class GoStructArranger
{
    public static void Arrange(JsonObject obj, FieldShape shape) => Struct(obj, shape, arrange: true);

    /// <summary>
    /// Drops, in place and at every level, the zero values of <c>omitempty</c> fields: what a client sent that the decoded Go
    /// struct no longer has (<c>binaryData: {}</c>), without reordering or adding anything.
    /// </summary>
    public static void DropOmittedZeros(JsonObject obj, FieldShape shape) => Struct(obj, shape, arrange: false);

    private static void Value(JsonNode? node, FieldShape shape, bool arrange)
    {
        switch (shape.Kind)
        {
            case FieldShapeKind.Struct when node is JsonObject obj:
                Struct(obj, shape, arrange);
                break;
            case FieldShapeKind.Map when node is JsonObject map:
                SortMap(map, shape.Element!, arrange);
                break;
            case FieldShapeKind.List when node is JsonArray list:
                foreach (var item in list)
                {
                    Value(item, shape.Element!, arrange);
                }

                break;
        }
    }

    private static void Struct(JsonObject obj, FieldShape shape, bool arrange)
    {
        var layout = GoStructLayouts.Of(shape.ModelName);
        if (layout is null || !arrange)
        {
            foreach (var (key, value) in obj.ToList())
            {
                shape.TryGetField(key, out var field);
                if (layout?.Fields.FirstOrDefault(f => f.Name == key) is { } goField && value is not null && Omitted(goField, value, field))
                {
                    obj.Remove(key);
                    continue;
                }

                Value(value, field, arrange);
            }

            return;
        }

        var sent = obj.ToList();
        obj.Clear();
        var byName = sent.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var field in layout.Fields)
        {
            shape.TryGetField(field.Name, out var fieldShape);
            var present = byName.Remove(field.Name, out var value);
            if (!present || value is null || Omitted(field, value, fieldShape))
            {
                if (field.WhenAbsent is { } json)
                {
                    obj[field.Name] = JsonNode.Parse(json);
                }

                continue;
            }

            Value(value, fieldShape, arrange);
            obj[field.Name] = value;
        }

        foreach (var (key, value) in sent)
        {
            if (byName.ContainsKey(key))
            {
                Value(value, shape.TryGetField(key, out var field) ? field : FieldShape.Opaque, arrange);
                obj[key] = value;
            }
        }
    }

    private static void SortMap(JsonObject map, FieldShape element, bool arrange)
    {
        if (!arrange)
        {
            foreach (var (_, value) in map)
            {
                Value(value, element, arrange);
            }

            return;
        }

        var entries = map.ToList();
        map.Clear();
        entries.Sort((a, b) => Utf8Order.Instance.Compare(a.Key, b.Key));
        foreach (var (key, value) in entries)
        {
            Value(value, element, arrange);
            map[key] = value;
        }
    }

    private static bool Omitted(GoField field, JsonNode value, FieldShape shape) => !field.KeepsZero && IsZero(value, shape);

    /// <summary>Whether Go's <c>omitempty</c> drops <paramref name="value"/>: an empty string, list or map, false, 0 (a struct is never empty).</summary>
    private static bool IsZero(JsonNode value, FieldShape shape) => shape.Kind switch
    {
        FieldShapeKind.List => value is JsonArray { Count: 0 },
        FieldShapeKind.Map => value is JsonObject { Count: 0 },
        FieldShapeKind.Opaque when shape.ValueType is not FieldValueType.Any => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            JsonValueKind.False => true,
            JsonValueKind.Number => double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == 0,
            _ => false,
        },
        _ => false,
    };
}
