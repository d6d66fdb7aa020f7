using System.Text.Json.Nodes;

namespace Harness.Reconciling;

/// <summary>The parts of an AdmissionReview's <c>request</c> that the webhooks (snapshot, restore, VirtualMachine) read.</summary>
public sealed record AdmissionReviewRequest(
    string ApiVersion,
    string Uid,
    string Group,
    string Version,
    string Resource,
    string SubResource,
    string Operation,
    string Namespace,
    JsonObject? Object,
    JsonObject? OldObject)
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";

    /// <exception cref="ArgumentException">The AdmissionReview has no request.</exception>
    public static AdmissionReviewRequest Read(JsonObject admissionReview)
        => TryRead(admissionReview, out var request)
            ? request
            : throw new ArgumentException("the AdmissionReview has no request", nameof(admissionReview));

    /// <summary>Reads the request; false when there is none (<paramref name="request"/> then carries only the review's apiVersion).</summary>
    public static bool TryRead(JsonObject admissionReview, out AdmissionReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(admissionReview);
        var review = admissionReview["request"] as JsonObject;
        var resource = review?["resource"] as JsonObject;
        request = new AdmissionReviewRequest(
            Text(admissionReview["apiVersion"]) ?? "admission.k8s.io/v1",
            Text(review?["uid"]) ?? "",
            Text(resource?["group"]) ?? "",
            Text(resource?["version"]) ?? "",
            Text(resource?["resource"]) ?? "",
            Text(review?["subResource"]) ?? "",
            Text(review?["operation"]) ?? "",
            Text(review?["namespace"]) ?? "",
            review?["object"] as JsonObject,
            review?["oldObject"] as JsonObject);
        return review is not null;
    }

    /// <summary>Go's <c>%+v</c> of the request's GroupVersionResource, as virt-api prints it in "unexpected resource".</summary>
    public string ResourceText => $"{{Group:{Group} Version:{Version} Resource:{Resource}}}";

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
