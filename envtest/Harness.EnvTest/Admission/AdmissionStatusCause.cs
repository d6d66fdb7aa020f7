using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary>One <c>status.details.causes[]</c> entry of a denied admission response (<c>metav1.StatusCause</c>).</summary>
public sealed class AdmissionStatusCause
{
    /// <summary>The cause type, such as <c>FieldValueInvalid</c>.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>The human-readable message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>The field path, such as <c>spec.source.apiGroup</c>.</summary>
    [JsonPropertyName("field")]
    public string? Field { get; set; }
}
