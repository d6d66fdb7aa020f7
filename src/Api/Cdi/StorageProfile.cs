using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Cdi;

/// <summary>CDI's recommended claim settings for one StorageClass, of the same name (cluster-scoped).</summary>
[KubernetesEntity(Group = CdiApi.Group, Kind = CdiApi.StorageProfileKind, ApiVersion = CdiApi.Version, PluralName = CdiApi.StorageProfilePlural)]
public sealed class StorageProfile : Resource<StorageProfileSpec, StorageProfileStatus>
{
}
