using System.Text.Json.Serialization;

namespace Harness.EnvTest.Admission;

/// <summary>A group, version and kind.</summary>
public sealed record GroupVersionKind
{
    /// <summary>The API group (empty for core).</summary>
    [JsonPropertyName("group")]
    public string Group { get; init; } = string.Empty;

    /// <summary>The version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = string.Empty;

    /// <summary>The kind.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = string.Empty;
}
