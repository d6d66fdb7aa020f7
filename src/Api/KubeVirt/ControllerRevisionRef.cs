using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The name of a ControllerRevision in the VM's namespace.</summary>
public sealed class ControllerRevisionRef : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
