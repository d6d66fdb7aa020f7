using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>An indication about the source at snapshot time, with a human explanation.</summary>
public sealed class SourceIndication : ApiObject
{
    [JsonPropertyName("indication")]
    public string Indication { get; set; } = "";

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
