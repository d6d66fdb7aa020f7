using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary>The <c>admission.k8s.io/v1</c> AdmissionReview sent to webhooks and in-process admission handlers.</summary>
public sealed class AdmissionReview
{
    /// <summary>Always <c>admission.k8s.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "admission.k8s.io/v1";

    /// <summary>Always <c>AdmissionReview</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "AdmissionReview";

    /// <summary>The request (server to webhook).</summary>
    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; set; }

    /// <summary>The response (webhook to server).</summary>
    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; set; }
}
