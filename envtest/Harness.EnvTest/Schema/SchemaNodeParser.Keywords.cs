using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Schema;

/// <summary>Reading a keyword's value, reporting a value of the wrong JSON type.</summary>
internal sealed partial class SchemaNodeParser
{
    private string? ReadString(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a string"));
        return null;
    }

    private bool ReadBool(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return false;
        }

        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValueKind() == JsonValueKind.True;
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a boolean"));
        return false;
    }

    private double? ReadNumber(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return JsonKinds.GetDouble(v);
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a number"));
        return null;
    }

    private long? ReadCount(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue v && JsonKinds.TryGetInteger(v, out var count) && count >= 0)
        {
            return count;
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be a non-negative integer"));
        return null;
    }

    private string[] ReadStrings(JsonObject json, string keyword, string path)
    {
        if (!json.TryGetPropertyValue(keyword, out var value) || value is null)
        {
            return [];
        }

        if (value is JsonArray array && array.All(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            return array.Select(item => item!.GetValue<string>()).ToArray();
        }

        _errors.Add(FieldErrors.Invalid(Child(path, keyword), value, "must be an array of strings"));
        return [];
    }
}
