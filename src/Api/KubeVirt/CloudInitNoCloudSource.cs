using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>Cloud-init user and network data for the NoCloud datasource (secret references stay as unknown fields).</summary>
public sealed class CloudInitNoCloudSource : ApiObject
{
    [JsonPropertyName("userData")]
    public string? UserData { get; set; }

    [JsonPropertyName("userDataBase64")]
    public string? UserDataBase64 { get; set; }

    [JsonPropertyName("networkData")]
    public string? NetworkData { get; set; }

    [JsonPropertyName("networkDataBase64")]
    public string? NetworkDataBase64 { get; set; }
}
