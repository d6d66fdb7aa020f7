using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Validates the TypeMeta and ObjectMeta of objects marked <c>x-kubernetes-embedded-resource</c>
/// (apiVersion and kind required and well formed, metadata name a valid path segment), as
/// apiextensions-apiserver's embedded ObjectMeta validation does.
/// </summary>
internal sealed class EmbeddedResourceValidator
{
    private readonly FieldPathBuilder _path = new();
    private readonly List<FieldError> _errors;

    private EmbeddedResourceValidator(List<FieldError> errors)
    {
        _errors = errors;
    }

    public static void Validate(SchemaNode node, JsonNode? value, List<FieldError> errors)
        => new EmbeddedResourceValidator(errors).Visit(node, value);

    private void Visit(SchemaNode? node, JsonNode? value)
    {
        if (node is null || !node.EmbeddedBelow)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                if (node.EmbeddedResource)
                {
                    CheckEmbedded(obj);
                }

                foreach (var (key, child) in obj)
                {
                    if (node.Properties is not null && node.Properties.TryGetValue(key, out var property))
                    {
                        var mark = _path.PushField(key);
                        Visit(property, child);
                        _path.Pop(mark);
                    }
                    else if (node.AdditionalProperties is { } additional)
                    {
                        var mark = _path.PushKey(key);
                        Visit(additional, child);
                        _path.Pop(mark);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var mark = _path.PushIndex(i);
                    Visit(node.Items, array[i]);
                    _path.Pop(mark);
                }

                break;
        }
    }

    private void CheckEmbedded(JsonObject obj)
    {
        if (!obj.ContainsKey("apiVersion"))
        {
            _errors.Add(FieldErrors.Required(_path.Child("apiVersion")));
        }

        if (!obj.ContainsKey("kind"))
        {
            _errors.Add(FieldErrors.Required(_path.Child("kind")));
        }

        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "apiVersion":
                    CheckApiVersion(value);
                    break;
                case "kind":
                    CheckKind(value);
                    break;
                case "metadata":
                    CheckMetadata(value);
                    break;
            }
        }
    }

    private void CheckApiVersion(JsonNode? value)
    {
        var field = _path.Child("apiVersion");
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            _errors.Add(FieldErrors.Invalid(field, value, "must be a string"));
            return;
        }

        var apiVersion = v.GetValue<string>();
        if (apiVersion.Length == 0)
        {
            _errors.Add(FieldErrors.Invalid(field, apiVersion, "must not be empty"));
        }
        else if (apiVersion.Count(c => c == '/') > 1 || apiVersion.StartsWith('/') || apiVersion.EndsWith('/'))
        {
            _errors.Add(FieldErrors.Invalid(field, apiVersion, "unexpected GroupVersion string: " + apiVersion));
        }
    }

    private void CheckKind(JsonNode? value)
    {
        var field = _path.Child("kind");
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            _errors.Add(FieldErrors.Invalid(field, value, "must be a string"));
            return;
        }

        var kind = v.GetValue<string>();
        if (kind.Length == 0)
        {
            _errors.Add(FieldErrors.Invalid(field, kind, "must not be empty"));
        }
        else if (Resources.NameValidation.Dns1035Errors(kind.ToLowerInvariant()) is { } problems)
        {
            _errors.Add(FieldErrors.Invalid(field, kind, "may have mixed case, but should otherwise match: " + problems));
        }
    }

    private void CheckMetadata(JsonNode? value)
    {
        var field = _path.Child("metadata");
        if (value is not JsonObject metadata)
        {
            _errors.Add(FieldErrors.Invalid(field, value, "must be an object"));
            return;
        }

        foreach (var nameField in new[] { "name", "generateName" })
        {
            if (metadata[nameField] is not JsonValue nameValue || nameValue.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            var name = nameValue.GetValue<string>();
            var path = field + "." + nameField;
            if (nameField == "name" && name is "." or "..")
            {
                _errors.Add(FieldErrors.Invalid(path, name, $"may not be '{name}'"));
            }

            foreach (var bad in new[] { "/", "%" })
            {
                if (name.Contains(bad, StringComparison.Ordinal))
                {
                    _errors.Add(FieldErrors.Invalid(path, name, $"may not contain '{bad}'"));
                }
            }
        }
    }
}
