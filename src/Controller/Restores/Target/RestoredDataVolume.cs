using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Reconciling;
using k8s.Models;

namespace Harness.Controller.Restores.Target;

/// <summary>
/// The DataVolume a restore creates for a restored template (KubeVirt's <c>GenerateDataVolumeFromTemplate</c> plus the
/// restore's marks): the template's labels, annotations and spec, the clone source resolved (a <c>pvc</c> or
/// <c>snapshot</c> source without a namespace is the VM's namespace's), annotated <c>restore.kubevirt.io/name</c> and
/// <c>cdi.kubevirt.io/storage.prePopulated=true</c>, so CDI adopts the restored claim and never clones again: a deleted
/// clone source, or its deleted namespace, does not matter.
/// </summary>
internal static class RestoredDataVolume
{
    public static DataVolume For(DataVolumeTemplateSpec template, string ns, string restoreName)
    {
        var spec = template.Spec is null ? new DataVolumeSpec() : ObjectCopy.Of(template.Spec);
        foreach (var source in new[] { spec.Source?.Pvc, spec.Source?.Snapshot }.OfType<DataVolumeSourceReference>())
        {
            source.Namespace = string.IsNullOrEmpty(source.Namespace) ? ns : source.Namespace;
        }

        return new DataVolume
        {
            Metadata = new V1ObjectMeta
            {
                Name = template.Metadata?.Name ?? "",
                NamespaceProperty = ns,
                Labels = template.Metadata?.Labels,
                Annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [SnapshotApi.RestoreNameAnnotation] = restoreName,
                    [SnapshotApi.PrePopulatedAnnotation] = "true",
                },
            },
            Spec = spec,
        };
    }
}
