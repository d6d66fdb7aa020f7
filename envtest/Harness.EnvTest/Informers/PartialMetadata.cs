using System.Text.Json.Serialization;

namespace Harness.EnvTest.Informers;

/// <summary>The fields of <c>metadata</c> that the garbage collector and the namespace controller read.</summary>
public sealed class PartialMetadata
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }

    /// <summary>Kept as sent: only whether it is set matters here.</summary>
    [JsonPropertyName("deletionTimestamp")]
    public string? DeletionTimestamp { get; set; }

    [JsonPropertyName("finalizers")]
    public List<string>? Finalizers { get; set; }

    [JsonPropertyName("ownerReferences")]
    public List<OwnerReference>? OwnerReferences { get; set; }
}
