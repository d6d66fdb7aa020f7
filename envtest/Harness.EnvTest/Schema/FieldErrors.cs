using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Builds <see cref="FieldError"/>s with the reason and body text of apimachinery's <c>field.Error</c>
/// (<c>Required value</c>, <c>Invalid value: "x": detail</c>, ...).
/// </summary>
internal static class FieldErrors
{
    public static FieldError Required(string field, string detail = "")
        => new("FieldValueRequired", field, WithDetail("Required value", detail));

    public static FieldError Forbidden(string field, string detail)
        => new("FieldValueForbidden", field, WithDetail("Forbidden", detail));

    public static FieldError Invalid(string field, JsonNode? value, string detail)
        => InvalidFormatted(field, GoValueFormat.BadValue(value), detail);

    public static FieldError Invalid(string field, string value, string detail)
        => InvalidFormatted(field, GoValueFormat.Quote(value), detail);

    public static FieldError Invalid(string field, long value, string detail)
        => InvalidFormatted(field, value.ToString(System.Globalization.CultureInfo.InvariantCulture), detail);

    public static FieldError InvalidFormatted(string field, string formattedValue, string detail)
        => new("FieldValueInvalid", field, WithDetail("Invalid value: " + formattedValue, detail));

    public static FieldError TypeInvalid(string field, string formattedValue, string detail)
        => new("FieldValueTypeInvalid", field, WithDetail("Invalid value: " + formattedValue, detail));

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported)
    {
        var list = string.Join(", ", supported.Select(GoValueFormat.Quote));
        var detail = list.Length == 0 ? "" : "supported values: " + list;
        return new("FieldValueNotSupported", field, WithDetail("Unsupported value: " + GoValueFormat.BadValue(value), detail));
    }

    public static FieldError Duplicate(string field, string formattedValue)
        => new("FieldValueDuplicate", field, "Duplicate value: " + formattedValue);

    /// <summary>apimachinery 1.32's <c>field.TooLong</c>: kube words a schema's <c>maxLength</c> (which counts characters) in bytes too.</summary>
    public static FieldError TooLong(string field, long max)
        => max >= 0 ? FieldErrorFactory.TooLongBytes(field, max) : new("FieldValueTooLong", field, "Too long: value is too long");

    public static FieldError TooMany(string field, long actual, long max)
        => new("FieldValueTooMany", field, $"Too many: {actual}: " + (max >= 0 ? $"must have at most {max} items" : "has too many items"));

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : body + ": " + detail;
}
