using System.Text.Json;
using Harness.Api.Clients;
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
    private readonly CustomResourceClient<KubeVirtInstallation> installations = new(client);
    private readonly CustomResourceClient<VirtualMachineSnapshot> snapshots = new(client);
    private readonly CustomResourceClient<VirtualMachineSnapshotContent> contents = new(client);
    private readonly CustomResourceClient<VirtualMachine> virtualMachines = new(client);
    private readonly CustomResourceClient<VirtualMachineRestore> restores = new(client);

    /// <summary>Whether <c>kubevirt/kubevirt</c> lists the <c>Snapshot</c> gate; false when there is no installation.</summary>
    public async Task<bool> SnapshotGateEnabledAsync(CancellationToken cancellationToken)
    {
        var installation = await installations.TryGetAsync(KubeVirtApi.KubeVirtNamespace, KubeVirtApi.KubeVirtName, cancellationToken);
        return installation?.Spec?.Configuration?.DeveloperConfiguration?.FeatureGates?.Contains(KubeVirtApi.SnapshotFeatureGate) == true;
    }

    public Task<VirtualMachineSnapshot?> SnapshotAsync(string ns, string name, CancellationToken cancellationToken) =>
        snapshots.TryGetAsync(ns, name, cancellationToken);

    public Task<VirtualMachineSnapshotContent?> ContentAsync(string ns, string name, CancellationToken cancellationToken) =>
        contents.TryGetAsync(ns, name, cancellationToken);

    public Task<VirtualMachine?> VirtualMachineAsync(string ns, string name, CancellationToken cancellationToken) =>
        virtualMachines.TryGetAsync(ns, name, cancellationToken);

    public async Task<IReadOnlyList<VirtualMachineRestore>> RestoresAsync(string ns, CancellationToken cancellationToken) =>
        [.. (await restores.ListAsync(ns, cancellationToken: cancellationToken)).Items ?? []];

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
}
