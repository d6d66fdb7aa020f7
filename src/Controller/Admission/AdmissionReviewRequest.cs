using System.Text.Json.Nodes;

namespace Harness.Controller.Admission;

/// <summary>The parts of an AdmissionReview's <c>request</c> that the snapshot and restore rules read.</summary>
internal sealed record AdmissionReviewRequest(
    string ApiVersion, string Uid, string Group, string Version, string Resource, string Operation, string Namespace, JsonObject? Object, JsonObject? OldObject)
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";

    public static AdmissionReviewRequest Read(JsonObject admissionReview)
    {
        ArgumentNullException.ThrowIfNull(admissionReview);
        var request = admissionReview["request"] as JsonObject ?? throw new ArgumentException("the AdmissionReview has no request", nameof(admissionReview));
        var resource = request["resource"] as JsonObject;
        return new AdmissionReviewRequest(
            Text(admissionReview["apiVersion"]) ?? "admission.k8s.io/v1",
            Text(request["uid"]) ?? "",
            Text(resource?["group"]) ?? "",
            Text(resource?["version"]) ?? "",
            Text(resource?["resource"]) ?? "",
            Text(request["operation"]) ?? "",
            Text(request["namespace"]) ?? "",
            request["object"] as JsonObject,
            request["oldObject"] as JsonObject);
    }

    /// <summary>Go's <c>%+v</c> of the request's GroupVersionResource, as virt-api prints it in "unexpected resource".</summary>
    public string ResourceText => $"{{Group:{Group} Version:{Version} Resource:{Resource}}}";

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
