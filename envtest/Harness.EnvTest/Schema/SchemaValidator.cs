using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Validates a value against a compiled schema as kube-openapi's <c>SchemaValidator</c> does for
/// custom resources (type, value validations, string, format, number, array, enum, object, in that
/// order), and turns each failure into the <c>field.Error</c> apiextensions-apiserver reports. Given the old object of an
/// update, it ratchets as kube-apiserver 1.32 does (CRDValidationRatcheting): a value equal to the old value at the same
/// place (through object fields, and list items by <c>x-kubernetes-list-type: map</c> keys or by value in sets) is not
/// validated, so tightening a CRD's schema does not fail updates that leave the old values alone.
/// </summary>
internal sealed partial class SchemaValidator
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
        => new SchemaValidator(rootPath, errors).Visit(node, value, null);

    /// <summary>Validates <paramref name="value"/> of an update whose old value is <paramref name="old"/>, ratcheting.</summary>
    public static void ValidateUpdate(SchemaNode node, JsonNode? value, JsonNode? old, List<FieldError> errors)
        => new SchemaValidator("", errors).Visit(node, value, old);

    public static List<FieldError> Validate(SchemaNode node, JsonNode? value, string rootPath)
    {
        var errors = new List<FieldError>();
        Validate(node, value, rootPath, errors);
        return errors;
    }

    private string Name => _path.ToString();

    private void Visit(SchemaNode node, JsonNode? value, JsonNode? old)
    {
        if (old is not null && JsonNode.DeepEquals(value, old))
        {
            return;
        }

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
            CheckArray(node, array, old as JsonArray);
        }

        if (node.Enum is not null)
        {
            CheckEnum(node, value);
        }

        if (value is JsonObject obj && node.ChecksFields)
        {
            CheckObject(node, obj, old as JsonObject);
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

    private void CheckArray(SchemaNode node, JsonArray array, JsonArray? old)
    {
        if (node.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var mark = _path.PushIndex(i);
                Visit(items, array[i], OldItem(node, array[i], old));
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

    private void CheckObject(SchemaNode node, JsonObject obj, JsonObject? old)
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
            Visit(childNode, child, old?[key]);
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

    /// <summary>The old item a new list item correlates with: by the keys of a map list, by value in a set, none in an atomic list.</summary>
    private static JsonNode? OldItem(SchemaNode list, JsonNode? item, JsonArray? old) => old is null ? null : list.ListType switch
    {
        "map" => old.FirstOrDefault(o => o is JsonObject candidate && item is JsonObject n && list.ListMapKeys.All(k => JsonNode.DeepEquals(candidate[k], n[k]))),
        "set" => old.FirstOrDefault(o => JsonNode.DeepEquals(o, item)),
        _ => null,
    };
}
