using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary>The <c>status</c> of a denied admission response.</summary>
public sealed class AdmissionStatus
{
    /// <summary>The HTTP code the API server answers with.</summary>
    [JsonPropertyName("code")]
    public int Code { get; set; }

    /// <summary>The human-readable message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>A machine-readable reason.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>What the denial is about, with its causes.</summary>
    [JsonPropertyName("details")]
    public AdmissionStatusDetails? Details { get; set; }
}
