namespace Harness.Reconciling;

/// <summary>One <c>metav1.StatusCause</c> of a denial: its type, message and field path.</summary>
/// <param name="Type">A <c>metav1.CauseType</c>, such as <see cref="FieldValueInvalid"/>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Field">The field path, such as <c>spec.source.apiGroup</c>.</param>
public sealed record AdmissionCause(string Type, string Message, string Field)
{
    public const string FieldValueNotFound = "FieldValueNotFound";
    public const string FieldValueInvalid = "FieldValueInvalid";
    public const string FieldValueRequired = "FieldValueRequired";
    public const string FieldValueNotSupported = "FieldValueNotSupported";

    public static AdmissionCause Invalid(string field, string message) => new(FieldValueInvalid, message, field);
}
