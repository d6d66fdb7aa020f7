using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary>The <c>status.details</c> of a denied admission response; kube-apiserver passes it to the client unchanged.</summary>
public sealed class AdmissionStatusDetails
{
    /// <summary>The object's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The object's API group.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; set; }

    /// <summary>The object's kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>What is wrong, field by field.</summary>
    [JsonPropertyName("causes")]
    public IList<AdmissionStatusCause>? Causes { get; set; }
}
