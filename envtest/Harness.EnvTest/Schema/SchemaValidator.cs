using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Validates a value against a compiled schema as kube-openapi's <c>SchemaValidator</c> does for
/// custom resources (type, value validations, string, format, number, array, enum, object, in that
/// order), and turns each failure into the <c>field.Error</c> apiextensions-apiserver reports.
/// </summary>
internal sealed class SchemaValidator
{
    private readonly FieldPathBuilder _path;
    private readonly List<FieldError> _errors;

    private SchemaValidator(string rootPath, List<FieldError> errors)
    {
        _path = new FieldPathBuilder(rootPath);
        _errors = errors;
    }

    /// <summary>Validates <paramref name="value"/>; errors are appended to <paramref name="errors"/>.</summary>
    public static void Validate(SchemaNode node, JsonNode? value, string rootPath, List<FieldError> errors)
        => new SchemaValidator(rootPath, errors).Visit(node, value);

    public static List<FieldError> Validate(SchemaNode node, JsonNode? value, string rootPath)
    {
        var errors = new List<FieldError>();
        Validate(node, value, rootPath, errors);
        return errors;
    }

    private string Name => _path.ToString();

    private void Visit(SchemaNode node, JsonNode? value)
    {
        if (value is null)
        {
            if ((node.Type.Length > 0 || node.IntOrString) && !node.Nullable)
            {
                AddTypeError(node, JsonKinds.Null);
            }

            if (node.Enum is not null)
            {
                CheckEnum(node, value);
            }

            return;
        }

        var kind = JsonKinds.Of(value);
        if (node.ChecksType)
        {
            CheckType(node, value, kind);
        }

        if (node.HasValueValidations)
        {
            CheckValueValidations(node, value);
        }

        if (kind == JsonKinds.String && (node.HasStringChecks || node.Format is not null))
        {
            var text = value.GetValue<string>();
            if (node.HasStringChecks)
            {
                CheckString(node, text);
            }

            if (node.Format is { } format && !format.IsValid(text))
            {
                var name = Name;
                _errors.Add(FieldErrors.TypeInvalid(name, GoValueFormat.Quote(text), $"{name} in body must be of type {format.Name}: {GoValueFormat.Quote(text)}"));
            }
        }
        else if (kind is JsonKinds.Integer or JsonKinds.Number && node.HasNumberChecks)
        {
            CheckNumber(node, (JsonValue)value);
        }
        else if (value is JsonArray array)
        {
            CheckArray(node, array);
        }

        if (node.Enum is not null)
        {
            CheckEnum(node, value);
        }

        if (value is JsonObject obj && node.ChecksFields)
        {
            CheckObject(node, obj);
        }
    }

    private void CheckType(SchemaNode node, JsonNode value, string kind)
    {
        var isString = kind == JsonKinds.String;
        var isArray = kind == JsonKinds.Array;
        var numericType = node.IntOrString || node.Type is JsonKinds.Integer or JsonKinds.Number;
        if (node.Format is not null && !numericType && (isString || isArray))
        {
            return;
        }

        if (Allows(node, kind, value))
        {
            return;
        }

        if (node.Format is not null && !isString && !isArray)
        {
            var dataFormat = kind switch
            {
                JsonKinds.Integer => "int64",
                JsonKinds.Number => "float64",
                _ => "",
            };
            var name = Name;
            _errors.Add(FieldErrors.TypeInvalid(name, GoValueFormat.Quote(dataFormat), $"{name} in body must be of type {node.Format.Name}: {GoValueFormat.Quote(dataFormat)}"));
            return;
        }

        AddTypeError(node, kind);
    }

    private static bool Allows(SchemaNode node, string kind, JsonNode value)
    {
        if (node.IntOrString)
        {
            return kind is JsonKinds.String or JsonKinds.Integer || (kind == JsonKinds.Number && IsIntegral((JsonValue)value));
        }

        if (node.Type.Length == 0 || node.Type == kind)
        {
            return true;
        }

        return (node.Type == JsonKinds.Integer && kind == JsonKinds.Number && IsIntegral((JsonValue)value))
            || (node.Type == JsonKinds.Number && kind == JsonKinds.Integer);
    }

    private static bool IsIntegral(JsonValue value)
    {
        var d = JsonKinds.GetDouble(value);
        return Math.Floor(d) == d && Math.Abs(d) < 9007199254740992d;
    }

    private void AddTypeError(SchemaNode node, string actual)
    {
        var name = Name;
        var expected = node.IntOrString ? "integer,string" : node.Type;
        var quoted = GoValueFormat.Quote(actual);
        _errors.Add(FieldErrors.TypeInvalid(name, quoted, $"{name} in body must be of type {expected}: {quoted}"));
    }

    private void CheckValueValidations(SchemaNode node, JsonNode value)
    {
        var root = Name;
        if (node.AnyOf is { } anyOf)
        {
            List<FieldError>? best = null;
            var succeeded = false;
            foreach (var branch in anyOf)
            {
                var result = Validate(branch, value, root);
                if (result.Count == 0)
                {
                    succeeded = true;
                    best = null;
                    break;
                }

                if (best is null || result.Count < best.Count)
                {
                    best = result;
                }
            }

            if (!succeeded)
            {
                _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must validate at least one schema (anyOf)"));
                _errors.AddRange(best!);
            }
        }

        if (node.OneOf is { } oneOf)
        {
            List<FieldError>? best = null;
            var validated = 0;
            foreach (var branch in oneOf)
            {
                var result = Validate(branch, value, root);
                if (result.Count == 0)
                {
                    validated++;
                }
                else if (validated == 0 && (best is null || result.Count < best.Count))
                {
                    best = result;
                }
            }

            if (validated != 1)
            {
                var additional = validated == 0 ? "Found none valid" : $"Found {validated} valid alternatives";
                _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must validate one and only one schema (oneOf). {additional}"));
                if (validated == 0 && best is not null)
                {
                    _errors.AddRange(best);
                }
            }
        }

        if (node.AllOf is { } allOf)
        {
            var validated = 0;
            foreach (var branch in allOf)
            {
                var before = _errors.Count;
                Validate(branch, value, root, _errors);
                if (_errors.Count == before)
                {
                    validated++;
                }
            }

            if (validated != allOf.Length)
            {
                var additional = validated == 0 ? ". None validated" : "";
                _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must validate all the schemas (allOf){additional}"));
            }
        }

        if (node.Not is { } not && Validate(not, value, root).Count == 0)
        {
            _errors.Add(FieldErrors.InvalidFormatted("", "\"\"", $"{GoValueFormat.Quote(root)} must not validate the schema (not)"));
        }
    }

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

    private void CheckArray(SchemaNode node, JsonArray array)
    {
        if (node.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var mark = _path.PushIndex(i);
                Visit(items, array[i]);
                _path.Pop(mark);
            }
        }

        if (node.MinItems is { } min && array.Count < min)
        {
            var name = Name;
            _errors.Add(FieldErrors.Invalid(name, array.Count, $"{name} in body should have at least {min} items"));
        }

        if (node.MaxItems is { } max && array.Count > max)
        {
            _errors.Add(FieldErrors.TooMany(Name, array.Count, max));
        }

        if (node.UniqueItems && HasDuplicates(array))
        {
            var name = Name;
            _errors.Add(FieldErrors.InvalidFormatted(name, "\"\"", $"{name} in body shouldn't contain duplicates"));
        }
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

    private void CheckObject(SchemaNode node, JsonObject obj)
    {
        if (node.MinProperties is { } min && obj.Count < min)
        {
            var name = Name;
            _errors.Add(FieldErrors.Invalid(name, obj.Count, $"{name} in body should have at least {min} properties"));
            return;
        }

        if (node.MaxProperties is { } max && obj.Count > max)
        {
            _errors.Add(FieldErrors.TooMany(Name, obj.Count, max));
            return;
        }

        foreach (var (key, child) in obj)
        {
            SchemaNode? childNode = null;
            if (node.Properties is not null && node.Properties.TryGetValue(key, out var property))
            {
                childNode = property;
            }
            else if (node.AdditionalPropertiesForbidden)
            {
                var name = Name;
                _errors.Add(FieldErrors.Invalid(name, key, $"{(name.Length == 0 ? "" : name)}.{key} in body is a forbidden property"));
                continue;
            }
            else
            {
                childNode = node.AdditionalProperties;
            }

            if (childNode is null)
            {
                continue;
            }

            var mark = _path.PushField(key);
            Visit(childNode, child);
            _path.Pop(mark);
        }

        foreach (var required in node.Required)
        {
            if (!obj.ContainsKey(required))
            {
                _errors.Add(FieldErrors.Required(_path.Child(required)));
            }
        }
    }
}
