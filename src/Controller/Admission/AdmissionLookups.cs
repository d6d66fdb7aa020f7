using System.Net;
using System.Text.Json;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Admission;

/// <summary>
/// What the snapshot and restore rules read from the cluster, fresh from the API server on every review (so a
/// feature gate switched on a moment ago, or a restore created just before, counts at once): the KubeVirt
/// installation's feature gates, the snapshot, its content, the target VM and the restores of a namespace.
/// </summary>
internal sealed class AdmissionLookups(IKubernetes client)
{
    /// <summary>Whether <c>kubevirt/kubevirt</c> lists the <c>Snapshot</c> gate; false when there is no installation.</summary>
    public async Task<bool> SnapshotGateEnabledAsync(CancellationToken cancellationToken)
    {
        var installation = await GetAsync<KubeVirtInstallation>(
            KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.KubeVirtNamespace, KubeVirtApi.KubeVirtPlural, KubeVirtApi.KubeVirtName, cancellationToken);
        return installation?.Spec?.Configuration?.DeveloperConfiguration?.FeatureGates?.Contains(KubeVirtApi.SnapshotFeatureGate) == true;
    }

    public Task<VirtualMachineSnapshot?> SnapshotAsync(string ns, string name, CancellationToken cancellationToken) =>
        GetAsync<VirtualMachineSnapshot>(SnapshotApi.Group, SnapshotApi.StorageVersion, ns, SnapshotApi.SnapshotPlural, name, cancellationToken);

    public Task<VirtualMachineSnapshotContent?> ContentAsync(string ns, string name, CancellationToken cancellationToken) =>
        GetAsync<VirtualMachineSnapshotContent>(SnapshotApi.Group, SnapshotApi.StorageVersion, ns, SnapshotApi.ContentPlural, name, cancellationToken);

    public Task<VirtualMachine?> VirtualMachineAsync(string ns, string name, CancellationToken cancellationToken) =>
        GetAsync<VirtualMachine>(KubeVirtApi.Group, KubeVirtApi.Version, ns, KubeVirtApi.VirtualMachinePlural, name, cancellationToken);

    public async Task<IReadOnlyList<VirtualMachineRestore>> RestoresAsync(string ns, CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync(
            SnapshotApi.Group, SnapshotApi.StorageVersion, ns, SnapshotApi.RestorePlural, cancellationToken: cancellationToken);
        return KubernetesJson.Deserialize<VirtualMachineRestoreList>(((JsonElement)list).GetRawText()).Items?.ToList() ?? [];
    }

    /// <summary>The API server's own message for a failed request (what Go's <c>err.Error()</c> of a StatusError prints).</summary>
    public static string Message(HttpOperationException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        try
        {
            return KubernetesJson.Deserialize<V1Status>(failure.Response.Content)?.Message ?? failure.Message;
        }
        catch (JsonException)
        {
            return failure.Message;
        }
    }

    private async Task<T?> GetAsync<T>(string group, string version, string ns, string plural, string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var found = await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name, cancellationToken);
            return KubernetesJson.Deserialize<T>(((JsonElement)found).GetRawText());
        }
        catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
