using System.Text.Json.Serialization;
using k8s;

namespace Harness.EnvTest.Informers;

/// <summary>
/// Any object, read for the metadata fields the controllers use; the rest of the JSON (spec, status, managed fields,
/// labels) is skipped while reading, never materialized.
/// </summary>
public sealed class PartialObject : IKubernetesObject
{
    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <summary>The object's metadata, as far as the garbage collector and the namespace controller read it.</summary>
    [JsonPropertyName("metadata")]
    public PartialMetadata Metadata { get; set; } = new();
}
