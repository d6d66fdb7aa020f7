using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.FieldValidation;
using Harness.EnvTest.Serialization.GoStructs;

namespace Harness.EnvTest.Tests.Serialization.GoStructs;

/// <summary>
/// Reads Go struct layouts off what kube-apiserver encodes: the order of each struct's fields in <see cref="ProbeMode.Full"/>
/// answers, the zero values it keeps in <see cref="ProbeMode.Zero"/> answers, and what an unset struct holds in
/// <see cref="ProbeMode.Hollow"/> answers (only zero values count there: a default the decoder sets is not the encoder's).
/// </summary>
internal sealed class GoStructLayoutProbe
{
    private readonly Dictionary<string, List<string>> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> absent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> keepsZero = new(StringComparer.Ordinal);

    public void Record(JsonObject answer, FieldShape shape, ProbeMode mode, int hollowDepth = -1) => Struct(answer, shape, mode, hollowDepth, 0);

    /// <summary>The table <see cref="GoStructLayouts"/> reads, one line per struct, sorted by model name.</summary>
    public string Table()
    {
        var lines = orders.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var fields = p.Value.Select(name => new GoField(
                name,
                absent.GetValueOrDefault(p.Key)?.GetValueOrDefault(name),
                keepsZero.GetValueOrDefault(p.Key)?.Contains(name) == true)).ToList();
            return p.Key + " " + new GoStructLayout(fields).Format();
        });
        return string.Join('\n', lines) + "\n";
    }

    private void Node(JsonNode? node, FieldShape shape, ProbeMode mode, int hollowDepth, int depth)
    {
        switch (shape.Kind)
        {
            case FieldShapeKind.Struct when node is JsonObject obj:
                Struct(obj, shape, mode, hollowDepth, depth);
                break;
            case FieldShapeKind.QuietSchema when node is JsonObject obj:
                Struct(obj, shape.Element!, mode, hollowDepth, depth);
                break;
            case FieldShapeKind.List or FieldShapeKind.QuietSchema when node is JsonArray list:
                foreach (var item in list)
                {
                    Node(item, shape.Kind == FieldShapeKind.List ? shape.Element! : shape, mode, hollowDepth, depth);
                }

                break;
            case FieldShapeKind.Map when node is JsonObject map:
                foreach (var (_, value) in map)
                {
                    Node(value, shape.Element!, mode, hollowDepth, depth);
                }

                break;
        }
    }

    private void Struct(JsonObject obj, FieldShape shape, ProbeMode mode, int hollowDepth, int depth)
    {
        Merge(shape.ModelName, obj.Select(p => p.Key).Where(name => shape.TryGetField(name, out _)).ToList());
        foreach (var (name, value) in obj)
        {
            var known = shape.TryGetField(name, out var field);
            if (mode == ProbeMode.Hollow && depth == hollowDepth && IsZero(value, field) && !DefaultedOnlyWithoutASource(shape, name))
            {
                Entry(absent, shape.ModelName)[name] = value?.ToJsonString() ?? "null";
            }

            if (mode == ProbeMode.Zero && value is JsonValue && IsZero(value, field))
            {
                Entry(keepsZero, shape.ModelName).Add(name);
            }

            if (known)
            {
                Node(value, field, mode, hollowDepth, depth + 1);
            }
        }
    }

    /// <summary>kube's defaulting gives a volume without a source <c>emptyDir: {}</c>; the encoder does not write it for other volumes.</summary>
    private static bool DefaultedOnlyWithoutASource(FieldShape shape, string name) => shape.ModelName == "V1Volume" && name == "emptyDir";

    /// <summary>Adds the names <paramref name="seen"/> lacks to a struct's order, each after the name it followed there.</summary>
    private void Merge(string model, List<string> seen)
    {
        if (!orders.TryGetValue(model, out var order))
        {
            orders[model] = seen;
            return;
        }

        for (var i = 0; i < seen.Count; i++)
        {
            if (!order.Contains(seen[i]))
            {
                order.Insert(i == 0 ? 0 : order.IndexOf(seen[i - 1]) + 1, seen[i]);
            }
        }
    }

    private static T Entry<T>(Dictionary<string, T> table, string model)
        where T : new()
    {
        if (!table.TryGetValue(model, out var entry))
        {
            entry = table[model] = new T();
        }

        return entry;
    }

    /// <summary>Whether <paramref name="node"/> is the zero value of a field of shape <paramref name="shape"/> (free-form values only when null).</summary>
    private static bool IsZero(JsonNode? node, FieldShape shape) => node switch
    {
        null => true,
        JsonObject obj when shape.Kind == FieldShapeKind.Struct => obj.All(p => IsZero(p.Value, shape.TryGetField(p.Key, out var field) ? field : FieldShape.Opaque)),
        JsonObject obj => shape.Kind == FieldShapeKind.Map && obj.Count == 0,
        JsonArray list => shape.Kind == FieldShapeKind.List && list.Count == 0,
        _ when shape.ValueType == FieldValueType.Any => false,
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>().Length == 0,
            JsonValueKind.False => true,
            JsonValueKind.Number => node.ToJsonString() == "0",
            _ => false,
        },
    };
}
