using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Schema;

/// <summary>String, number, array-uniqueness and enum checks, with kube-openapi's messages.</summary>
internal sealed partial class SchemaValidator
{
    private void CheckString(SchemaNode node, string text)
    {
        if (node.MaxLength is { } max && RuneCount(text) > max)
        {
            _errors.Add(FieldErrors.TooLong(Name, max));
            return;
        }

        if (node.MinLength is { } min && RuneCount(text) < min)
        {
            var name = Name;
            _errors.Add(FieldErrors.Invalid(name, text, $"{name} in body should be at least {min} chars long"));
            return;
        }

        if (node.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            var name = Name;
            _errors.Add(FieldErrors.Invalid(name, text, $"{name} in body should match '{pattern.Text}'"));
        }
    }

    private static long RuneCount(string text)
    {
        var count = 0L;
        foreach (var ch in text)
        {
            if (!char.IsLowSurrogate(ch))
            {
                count++;
            }
        }

        return count;
    }

    private void CheckNumber(SchemaNode node, JsonValue value)
    {
        var isInteger = JsonKinds.TryGetInteger(value, out var integer);
        var data = isInteger ? integer : JsonKinds.GetDouble(value);
        var shown = isInteger ? integer.ToString(CultureInfo.InvariantCulture) : GoValueFormat.Float(data);
        string Bound(double bound) => isInteger ? ((long)bound).ToString(CultureInfo.InvariantCulture) : GoValueFormat.Float(bound);

        if (node.MultipleOf is { } multiple && multiple > 0)
        {
            var ok = isInteger && Math.Floor(multiple) == multiple ? integer % (long)multiple == 0 : IsMultiple(data, multiple);
            if (!ok)
            {
                var name = Name;
                _errors.Add(FieldErrors.InvalidFormatted(name, shown, $"{name} in body should be a multiple of {Bound(multiple)}"));
            }
        }

        if (node.Maximum is { } max && (node.ExclusiveMaximum ? data >= max : data > max))
        {
            var name = Name;
            var relation = node.ExclusiveMaximum ? "less than" : "less than or equal to";
            _errors.Add(FieldErrors.InvalidFormatted(name, shown, $"{name} in body should be {relation} {Bound(max)}"));
        }

        if (node.Minimum is { } min && (node.ExclusiveMinimum ? data <= min : data < min))
        {
            var name = Name;
            var relation = node.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            _errors.Add(FieldErrors.InvalidFormatted(name, shown, $"{name} in body should be {relation} {Bound(min)}"));
        }
    }

    private static bool IsMultiple(double data, double multiple)
    {
        var quotient = data / multiple;
        return Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            for (var j = i + 1; j < array.Count; j++)
            {
                if (JsonKinds.DeepEquals(array[i], array[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void CheckEnum(SchemaNode node, JsonNode? value)
    {
        foreach (var allowed in node.Enum!)
        {
            if (JsonKinds.DeepEquals(allowed, value))
            {
                return;
            }
        }

        var supported = node.Enum!.Select(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : v?.ToJsonString() ?? "null");
        _errors.Add(FieldErrors.NotSupported(Name, value, supported));
    }
}
