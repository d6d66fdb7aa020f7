using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary><c>AdmissionReview.response</c>: the verdict, and for mutating admission a JSON patch.</summary>
public sealed class AdmissionResponse
{
    /// <summary>The request's uid.</summary>
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = string.Empty;

    /// <summary>Whether the request is admitted.</summary>
    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    /// <summary>Why it was denied (code, message, reason).</summary>
    [JsonPropertyName("status")]
    public AdmissionStatus? Status { get; set; }

    /// <summary>A base64-encoded RFC 6902 JSON patch (mutating admission only).</summary>
    [JsonPropertyName("patch")]
    public string? Patch { get; set; }

    /// <summary><c>JSONPatch</c> when <see cref="Patch"/> is set.</summary>
    [JsonPropertyName("patchType")]
    public string? PatchType { get; set; }

    /// <summary>Warnings returned to the client.</summary>
    [JsonPropertyName("warnings")]
    public IList<string>? Warnings { get; set; }

    /// <summary>Allows the request.</summary>
    public static AdmissionResponse Allow(string uid) => new() { Uid = uid, Allowed = true };

    /// <summary>Denies the request with a message and an HTTP code (kube's default 403).</summary>
    public static AdmissionResponse Deny(string uid, string message, int code = 403, string? reason = null) =>
        new() { Uid = uid, Allowed = false, Status = new AdmissionStatus { Code = code, Message = message, Reason = reason } };
}
