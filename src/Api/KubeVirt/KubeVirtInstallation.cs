using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.KubeVirt;

/// <summary>
/// The <c>KubeVirt</c> object: the installation (<c>kubevirt/kubevirt</c>) and its configuration. Named for what it is
/// so that it does not share its name with the namespaces called KubeVirt.
/// </summary>
[KubernetesEntity(Group = KubeVirtApi.Group, Kind = KubeVirtApi.KubeVirtKind, ApiVersion = KubeVirtApi.Version, PluralName = KubeVirtApi.KubeVirtPlural)]
public sealed class KubeVirtInstallation : Resource<KubeVirtSpec, KubeVirtStatus>
{
}
