namespace Harness.EnvTest.Errors;

/// <summary>
/// One cause of a 422 Invalid answer, as kube-apiserver reports it in <c>status.details.causes[]</c>:
/// <c>reason</c> is the cause type (<c>FieldValueRequired</c>, <c>FieldValueInvalid</c>,
/// <c>FieldValueNotSupported</c>, <c>FieldValueTypeInvalid</c>, <c>FieldValueDuplicate</c>,
/// <c>FieldValueTooLong</c>, <c>FieldValueForbidden</c>, ...), <c>field</c> the JSON path
/// (<c>spec.source.name</c>, <c>spec.volumes[0].name</c>), <c>message</c> the full human text
/// (e.g. <c>Required value</c>, <c>Unsupported value: "x": supported values: "a", "b"</c>).
/// </summary>
public sealed record FieldError(string Reason, string Field, string Message)
{
    /// <summary>The error as apimachinery's <c>field.Error.Error()</c> prints it: <c>field: message</c>.</summary>
    public string Text => Field.Length == 0 ? Message : Field + ": " + Message;
}
