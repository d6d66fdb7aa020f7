using Harness.Api.Snapshots;
using Harness.Reconciling;

namespace Harness.Controller.Hosting;

/// <summary>
/// Feeds <c>kubevirt_vmsnapshot_persistentvolumeclaim_labels</c>: one series per PVC that carries the restore labels
/// <c>restore.kubevirt.io/source-vm-name</c> and <c>-namespace</c>, read from a PVC informer at every scrape (KubeVirt
/// derives the same series from kube-state-metrics' PVC labels).
/// </summary>
internal sealed class RestoredClaimsMetric : IControllerRegistration
{
    public string Name => "restored-claims-metric";

    public void Register(ControllerContext context)
    {
        var claims = context.Host.Inform(InformerSources.PersistentVolumeClaims(context.Client));
        context.Metrics.ObserveRestoredClaims(() =>
            from claim in claims.List()
            let labels = claim.Metadata.Labels
            where labels is not null
                && labels.TryGetValue(SnapshotApi.RestoreSourceVmNameLabel, out var vm) && vm.Length > 0
                && labels.TryGetValue(SnapshotApi.RestoreSourceVmNamespaceLabel, out var vmNamespace) && vmNamespace.Length > 0
                && (context.Namespace is null || claim.Metadata.NamespaceProperty == context.Namespace)
            select new RestoredClaim(claim.Metadata.NamespaceProperty, claim.Metadata.Name, labels[SnapshotApi.RestoreSourceVmNameLabel], labels[SnapshotApi.RestoreSourceVmNamespaceLabel]));
    }
}
