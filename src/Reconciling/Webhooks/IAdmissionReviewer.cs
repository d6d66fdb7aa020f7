using System.Text.Json.Nodes;

namespace Harness.Reconciling;

/// <summary>
/// A validating or mutating admission webhook's logic: takes an <c>admission.k8s.io/v1</c> AdmissionReview with a
/// <c>request</c> and returns the AdmissionReview with its <c>response</c>, exactly the bodies that travel over HTTPS,
/// so the same reviewer runs in-process or behind a <see cref="WebhookServer"/>.
/// </summary>
public interface IAdmissionReviewer
{
    /// <summary>Reviews <paramref name="admissionReview"/>; throwing counts as a failed webhook call.</summary>
    ValueTask<JsonObject> ReviewAsync(JsonObject admissionReview, CancellationToken cancellationToken);
}
