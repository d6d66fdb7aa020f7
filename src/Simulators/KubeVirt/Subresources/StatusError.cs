using System.Text.Json.Nodes;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>
/// An error answered as a <c>metav1.Status</c>, built the way apimachinery's <c>errors.NewXxx</c> builds
/// them (same reasons, codes and message formats), so clients see what virt-api would send.
/// </summary>
internal sealed class StatusError : Exception
{
    private StatusError(int code, string reason, string message, JsonObject? details)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public static StatusError BadRequest(string message) => new(400, "BadRequest", message, null);

    public static StatusError NotFound(string resource, string name)
        => new(404, "NotFound", $"{resource}.kubevirt.io \"{name}\" not found", Detail(resource, name));

    public static StatusError Conflict(string resource, string name, string error)
        => new(409, "Conflict", $"Operation cannot be fulfilled on {resource}.kubevirt.io \"{name}\": {error}", Detail(resource, name));

    public static StatusError Internal(string error)
        => new(500, "InternalError", $"Internal error occurred: {error}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["message"] = error }),
        });

    public static StatusError MethodNotAllowed() => new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);

    public static StatusError PathNotFound() => new(404, "NotFound", "the server could not find the requested resource", null);

    /// <summary>Wraps a Status the API server answered (for example an admission denial of a patch).</summary>
    public static StatusError FromStatus(int code, string reason, string message) => new(code, reason, message, null);

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }

    private static JsonObject Detail(string resource, string name) => new()
    {
        ["name"] = name,
        ["group"] = "kubevirt.io",
        ["kind"] = resource,
    };
}
