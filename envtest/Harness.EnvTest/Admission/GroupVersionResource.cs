using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary>A group, version and resource.</summary>
public sealed record GroupVersionResource
{
    /// <summary>The API group (empty for core).</summary>
    [JsonPropertyName("group")]
    public string Group { get; init; } = string.Empty;

    /// <summary>The version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    /// <summary>The resource (plural).</summary>
    [JsonPropertyName("resource")]
    public string Resource { get; init; } = string.Empty;
}
