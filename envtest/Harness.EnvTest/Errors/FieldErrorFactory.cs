namespace Harness.EnvTest.Errors;

/// <summary>Builds <see cref="FieldError"/>s with kube-apiserver's <c>field.Error</c> wording.</summary>
internal static class FieldErrorFactory
{
    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : "Required value: " + detail);

    public static FieldError Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {Quote(value)}: {detail}");

    public static FieldError InvalidRaw(string field, string renderedValue, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {renderedValue}: {detail}");

    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, "Forbidden: " + detail);

    public static FieldError NotSupported(string field, string value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field, $"Unsupported value: {Quote(value)}: supported values: {string.Join(", ", supported.Select(Quote))}");

    /// <summary><see cref="NotSupported"/> for a value kube prints through its <c>String()</c> method, without quotes (a resource name).</summary>
    public static FieldError NotSupportedRaw(string field, string renderedValue, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field, $"Unsupported value: {renderedValue}: supported values: {string.Join(", ", supported.Select(Quote))}");

    public static FieldError Duplicate(string field, string value) => new("FieldValueDuplicate", field, "Duplicate value: " + Quote(value));

    public static FieldError NotFound(string field, string value) => new("FieldValueNotFound", field, "Not found: " + Quote(value));

    public static FieldError InvalidNumber(string field, long value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {detail}");

    /// <summary>apimachinery's <c>field.TooLong</c> for a size in bytes.</summary>
    public static FieldError TooLongBytes(string field, long max) =>
        new("FieldValueTooLong", field, $"Too long: may not be more than {max.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(max == 1 ? "byte" : "bytes")}");

    public static string Quote(string value) => Schema.GoValueFormat.Quote(value);
}
