using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Schema.Rules;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// A CRD version's own rules (deprecation warning, schema, subresources, printer columns, selectable fields) and the Go
/// rendering of the versions kube prints in version errors.
/// </summary>
internal static partial class CrdValidation
{
    private const int MaxSelectableFields = 8;

    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];

    private static readonly string[] ColumnFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

    private static void ValidateVersion(JsonObject version, string path, HoistedFields hoisted, List<FieldError> errors)
    {
        ValidateDeprecationWarning(version, path, errors);
        ValidateFacets(version, path, hoisted, own: true, errors);
    }

    /// <summary>The facets every version shares, which kube checks after the versions, under <c>spec</c>.</summary>
    private static void ValidateShared(List<JsonObject> versions, HoistedFields hoisted, List<FieldError> errors)
    {
        if (versions.Count > 0)
        {
            ValidateFacets(versions[0], "spec", hoisted, own: false, errors);
        }
    }

    private static void ValidateFacets(JsonObject version, string path, HoistedFields hoisted, bool own, List<FieldError> errors)
    {
        StructuralSchema? schema = null;
        if (version["schema"]?["openAPIV3Schema"] is JsonObject source)
        {
            var schemaPath = hoisted.Schema ? "spec.validation.openAPIV3Schema" : path + ".schema.openAPIV3Schema";
            schema = StructuralSchema.Parse(source, schemaPath, out var schemaErrors);
            if (hoisted.Schema != own)
            {
                errors.AddRange(schemaErrors);
            }
        }

        if (hoisted.Subresources != own)
        {
            ValidateScale(JsonFields.Object(JsonFields.Object(version, "subresources"), "scale"), path + ".subresources.scale", errors);
        }

        if (hoisted.Columns != own)
        {
            var columns = JsonFields.Array(version, "additionalPrinterColumns");
            for (var i = 0; i < columns.Count; i++)
            {
                ValidateColumn(columns[i] as JsonObject, $"{path}.additionalPrinterColumns[{i}]", errors);
            }
        }

        if (hoisted.SelectableFields != own && JsonFields.Array(version, "selectableFields") is { Count: > 0 } fields)
        {
            if (schema is null || hoisted.Schema == own)
            {
                errors.Add(FieldErrorFactory.Invalid(path + ".selectableFields", "", own ? "selectableFields may only be set when version.schema.openAPIV3Schema is not included" : "selectableFields may only be set when validations.schema is included"));
            }
            else
            {
                ValidateSelectableFields(fields, schema.Root, path + ".selectableFields", errors);
            }
        }
    }

    private static void ValidateDeprecationWarning(JsonObject version, string path, List<FieldError> errors)
    {
        if (ObjectJson.String(version, "deprecationWarning") is not { } warning)
        {
            return;
        }

        var field = path + ".deprecationWarning";
        if (!Flag(version, "deprecated"))
        {
            errors.Add(FieldErrorFactory.Invalid(field, warning, "can only be set for deprecated versions"));
        }

        if (Encoding.UTF8.GetByteCount(warning) > 256)
        {
            errors.Add(FieldErrorFactory.Invalid(field, warning, "must be <= 256 characters long"));
        }

        if (warning.Length == 0)
        {
            errors.Add(FieldErrorFactory.Invalid(field, warning, "must not be an empty string"));
        }

        if (warning.EnumerateRunes().Select((r, i) => (Rune: r, Index: i)).FirstOrDefault(r => Rune.IsControl(r.Rune)) is { Rune.Value: > 0 } control)
        {
            var index = Encoding.UTF8.GetByteCount(warning[..warning.EnumerateRunes().Take(control.Index).Sum(r => r.Utf16SequenceLength)]);
            errors.Add(FieldErrorFactory.Invalid(field, warning, "must only contain printable UTF-8 characters; non-printable character found at index " + index.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static void ValidateScale(JsonObject? scale, string path, List<FieldError> errors)
    {
        if (scale is null)
        {
            return;
        }

        ScalePath(scale, "specReplicasPath", path, ["spec"], required: true, errors);
        ScalePath(scale, "statusReplicasPath", path, ["status"], required: true, errors);
        ScalePath(scale, "labelSelectorPath", path, ["spec", "status"], required: false, errors);
    }

    private static void ScalePath(JsonObject scale, string name, string path, string[] roots, bool required, List<FieldError> errors)
    {
        var value = ObjectJson.String(scale, name) ?? string.Empty;
        var field = path + "." + name;
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add(FieldErrorFactory.Required(field));
            }
        }
        else if (SimpleJsonPathError(value) is { } problem)
        {
            errors.Add(FieldErrorFactory.Invalid(field, value, problem));
        }
        else if (!roots.Any(root => value.StartsWith("." + root + ".", StringComparison.Ordinal)))
        {
            errors.Add(FieldErrorFactory.Invalid(field, value, roots.Length == 1 ? $"should be a json path under .{roots[0]}" : "should be a json path under either .spec or .status"));
        }
    }

    private static string? SimpleJsonPathError(string path) => path[0] != '.' ? "must be a simple json path starting with ." : null;

    private static void ValidateColumn(JsonObject? column, string path, List<FieldError> errors)
    {
        if ((ObjectJson.String(column, "name") ?? string.Empty).Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".name"));
        }

        var type = ObjectJson.String(column, "type") ?? string.Empty;
        if (type.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".type", "must be one of " + string.Join(',', ColumnTypes)));
        }
        else if (!ColumnTypes.Contains(type))
        {
            errors.Add(FieldErrorFactory.Invalid(path + ".type", type, "must be one of " + string.Join(',', ColumnTypes)));
        }

        if (ObjectJson.String(column, "format") is { Length: > 0 } format && !ColumnFormats.Contains(format))
        {
            errors.Add(FieldErrorFactory.Invalid(path + ".format", format, "must be one of " + string.Join(',', ColumnFormats)));
        }

        var jsonPath = ObjectJson.String(column, "jsonPath") ?? string.Empty;
        if (jsonPath.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".JSONPath"));
        }
        else if (SimpleJsonPathError(jsonPath) is { } problem)
        {
            errors.Add(FieldErrorFactory.Invalid(path + ".JSONPath", jsonPath, problem));
        }
    }

    private static void ValidateSelectableFields(IList<JsonNode?> fields, SchemaNode root, string path, List<FieldError> errors)
    {
        var unique = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = $"{path}[{i}].jsonPath";
            var jsonPath = ObjectJson.String(fields[i] as JsonObject, "jsonPath") ?? string.Empty;
            if (jsonPath.Length == 0)
            {
                errors.Add(FieldErrorFactory.Required(field));
                continue;
            }

            if (RuleFieldPath.Normalize(jsonPath, root, out var found, out var problem) is not { } normalized)
            {
                errors.Add(FieldErrorFactory.Invalid(field, jsonPath, "is an invalid path: " + problem));
                continue;
            }

            if (normalized == "metadata" || normalized.StartsWith("metadata.", StringComparison.Ordinal) || normalized.StartsWith("metadata[", StringComparison.Ordinal))
            {
                errors.Add(FieldErrorFactory.Invalid(field, jsonPath, "must not point to fields in metadata"));
            }

            if (found.Type is not (JsonKinds.String or JsonKinds.Boolean or JsonKinds.Integer))
            {
                errors.Add(FieldErrorFactory.Invalid(field, jsonPath, "must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed."));
            }

            if (!unique.Add(normalized))
            {
                errors.Add(FieldErrorFactory.Duplicate(field, jsonPath));
            }
        }

        if (unique.Count > MaxSelectableFields)
        {
            errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {unique.Count.ToString(CultureInfo.InvariantCulture)}: must have at most {MaxSelectableFields.ToString(CultureInfo.InvariantCulture)} items"));
        }
    }

    /// <summary>Go's <c>%#v</c> of the internal versions; a per-version pointer kube prints as its address.</summary>
    private static string VersionsDump(List<JsonObject> versions, HoistedFields hoisted)
    {
        if (versions.Count == 0)
        {
            return "null";
        }

        const string Type = "apiextensions.CustomResourceDefinitionVersion";
        var text = new StringBuilder("[]").Append(Type).Append('{');
        foreach (var (version, i) in versions.Select((v, i) => (v, i)))
        {
            text.Append(i > 0 ? ", " : "").Append(Type)
                .Append("{Name:").Append(GoValueFormat.Quote(ObjectJson.String(version, "name") ?? ""))
                .Append(", Served:").Append(Flag(version, "served") ? "true" : "false")
                .Append(", Storage:").Append(Flag(version, "storage") ? "true" : "false")
                .Append(", Deprecated:").Append(Flag(version, "deprecated") ? "true" : "false")
                .Append(", DeprecationWarning:").Append(Pointer("string", version.ContainsKey("deprecationWarning")))
                .Append(", Schema:").Append(Pointer("apiextensions.CustomResourceValidation", !hoisted.Schema && version["schema"] is JsonObject))
                .Append(", Subresources:").Append(Pointer("apiextensions.CustomResourceSubresources", !hoisted.Subresources && version["subresources"] is JsonObject))
                .Append(", AdditionalPrinterColumns:").Append(Columns(hoisted.Columns ? [] : JsonFields.Array(version, "additionalPrinterColumns")))
                .Append(", SelectableFields:").Append(Fields(hoisted.SelectableFields ? [] : JsonFields.Array(version, "selectableFields")))
                .Append('}');
        }

        return text.Append('}').ToString();
    }

    private static string Pointer(string type, bool set) => $"(*{type})({(set ? "0xc000000000" : "nil")})";

    private static string Columns(IList<JsonNode?> columns) => columns.Count == 0
        ? "[]apiextensions.CustomResourceColumnDefinition(nil)"
        : "[]apiextensions.CustomResourceColumnDefinition{" + string.Join(", ", columns.Select(c =>
            $"apiextensions.CustomResourceColumnDefinition{{Name:{Quoted(c, "name")}, Type:{Quoted(c, "type")}, Format:{Quoted(c, "format")}, Description:{Quoted(c, "description")}, Priority:{(JsonFields.Integer(c, "priority") ?? 0).ToString(CultureInfo.InvariantCulture)}, JSONPath:{Quoted(c, "jsonPath")}}}")) + "}";

    private static string Fields(IList<JsonNode?> fields) => fields.Count == 0
        ? "[]apiextensions.SelectableField(nil)"
        : "[]apiextensions.SelectableField{" + string.Join(", ", fields.Select(f => $"apiextensions.SelectableField{{JSONPath:{Quoted(f, "jsonPath")}}}")) + "}";

    private static string Quoted(JsonNode? node, string name) => GoValueFormat.Quote(JsonFields.String(node, name) ?? "");
}
