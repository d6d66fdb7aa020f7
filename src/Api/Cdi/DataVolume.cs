using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Cdi;

/// <summary>A claim and how to fill it (import, clone, blank, from a snapshot) (<c>cdi.kubevirt.io/v1beta1</c>).</summary>
[KubernetesEntity(Group = CdiApi.Group, Kind = CdiApi.DataVolumeKind, ApiVersion = CdiApi.Version, PluralName = CdiApi.DataVolumePlural)]
public sealed class DataVolume : Resource<DataVolumeSpec, DataVolumeStatus>
{
}
