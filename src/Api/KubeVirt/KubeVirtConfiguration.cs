using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class KubeVirtConfiguration : ApiObject
{
    [JsonPropertyName("developerConfiguration")]
    public DeveloperConfiguration? DeveloperConfiguration { get; set; }

    /// <summary>The StorageClass of backend-storage claims (persistent TPM/EFI); unset: the default virt class, then the cluster default.</summary>
    [JsonPropertyName("vmStateStorageClass")]
    public string? VmStateStorageClass { get; set; }
}
