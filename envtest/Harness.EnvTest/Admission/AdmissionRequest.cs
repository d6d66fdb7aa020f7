using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary><c>AdmissionReview.request</c>: what is being admitted.</summary>
public sealed class AdmissionRequest
{
    /// <summary>Identifies this review; the response echoes it.</summary>
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = string.Empty;

    /// <summary>The kind of the object.</summary>
    [JsonPropertyName("kind")]
    public GroupVersionKind Kind { get; set; } = new();

    /// <summary>The resource being accessed.</summary>
    [JsonPropertyName("resource")]
    public GroupVersionResource Resource { get; set; } = new();

    /// <summary>The subresource (<c>status</c>) or null.</summary>
    [JsonPropertyName("subResource")]
    public string? SubResource { get; set; }

    /// <summary>The kind as the client requested it.</summary>
    [JsonPropertyName("requestKind")]
    public GroupVersionKind? RequestKind { get; set; }

    /// <summary>The resource as the client requested it.</summary>
    [JsonPropertyName("requestResource")]
    public GroupVersionResource? RequestResource { get; set; }

    /// <summary>The subresource as the client requested it.</summary>
    [JsonPropertyName("requestSubResource")]
    public string? RequestSubResource { get; set; }

    /// <summary>The object name (may be empty on create with generateName).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The namespace, or null for cluster-scoped resources.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary><c>CREATE</c>, <c>UPDATE</c>, <c>DELETE</c> or <c>CONNECT</c>.</summary>
    [JsonPropertyName("operation")]
    public string Operation { get; set; } = string.Empty;

    /// <summary>Who asked.</summary>
    [JsonPropertyName("userInfo")]
    public AdmissionUserInfo UserInfo { get; set; } = new();

    /// <summary>The new object (CREATE, UPDATE).</summary>
    [JsonPropertyName("object")]
    public JsonNode? Object { get; set; }

    /// <summary>The existing object (UPDATE, DELETE).</summary>
    [JsonPropertyName("oldObject")]
    public JsonNode? OldObject { get; set; }

    /// <summary>True when nothing will be persisted.</summary>
    [JsonPropertyName("dryRun")]
    public bool DryRun { get; set; }

    /// <summary>The CreateOptions, UpdateOptions or DeleteOptions of the operation.</summary>
    [JsonPropertyName("options")]
    public JsonNode? Options { get; set; }
}
