using System.Text.Json.Nodes;

namespace Harness.Reconciling;

/// <summary>
/// The AdmissionReview that virt-api answers: allowed; denied with causes (422 <c>Invalid</c>, the causes' messages
/// joined by <c>", "</c>, each cause in <c>details.causes</c>); or an error (400 with the error's text).
/// </summary>
public static class AdmissionAnswer
{
    public static JsonObject Allowed(AdmissionReviewRequest request) => Review(request, new JsonObject { ["allowed"] = true });

    public static JsonObject Denied(AdmissionReviewRequest request, IReadOnlyList<AdmissionCause> causes) => Review(request, new JsonObject
    {
        ["allowed"] = false,
        ["status"] = new JsonObject
        {
            ["message"] = string.Join(", ", causes.Select(cause => cause.Message)),
            ["reason"] = "Invalid",
            ["code"] = 422,
            ["details"] = new JsonObject
            {
                ["causes"] = new JsonArray([.. causes.Select(cause => (JsonNode)new JsonObject
                {
                    ["reason"] = cause.Type,
                    ["message"] = cause.Message,
                    ["field"] = cause.Field,
                })]),
            },
        },
    });

    public static JsonObject Error(AdmissionReviewRequest request, string message) => Review(request, new JsonObject
    {
        ["allowed"] = false,
        ["status"] = new JsonObject { ["message"] = message, ["code"] = 400 },
    });

    private static JsonObject Review(AdmissionReviewRequest request, JsonObject response)
    {
        response["uid"] = request.Uid;
        return new JsonObject
        {
            ["apiVersion"] = request.ApiVersion,
            ["kind"] = "AdmissionReview",
            ["response"] = response,
        };
    }
}
