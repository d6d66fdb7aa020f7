using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>An indication about the source at snapshot time, with a human explanation.</summary>
public sealed class SourceIndication
{
    [JsonPropertyName("indication")]
    public string Indication { get; set; } = "";

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
