using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Benchmarks.Snapshots;
using k8s;
using k8s.Models;

namespace Harness.Benchmarks.Restores;

/// <summary>The restore benchmarks' objects, beside <see cref="SnapshotWorkload"/>'s VMs and snapshots: the VMs stopped, and restores into them.</summary>
internal static class RestoreWorkload
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A restore of the snapshot <paramref name="snapshot"/> into the VM it was taken of, <paramref name="vm"/>, with the
    /// volume restore policy <paramref name="volumeRestorePolicy"/> (null: the default, <c>RandomizeNames</c>).
    /// </summary>
    public static Task CreateRestoreAsync(IKubernetes client, string name, string vm, string snapshot, string? volumeRestorePolicy = null) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = SnapshotApi.StorageApiVersion,
                ["kind"] = SnapshotApi.RestoreKind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = SnapshotWorkload.Namespace },
                ["spec"] = new JsonObject
                {
                    ["target"] = new JsonObject { ["apiGroup"] = KubeVirtApi.Group, ["kind"] = KubeVirtApi.VirtualMachineKind, ["name"] = vm },
                    ["virtualMachineSnapshotName"] = snapshot,
                    ["volumeRestorePolicy"] = volumeRestorePolicy,
                },
            },
            SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotWorkload.Namespace, SnapshotApi.RestorePlural);

    /// <summary>Halts the VMs <c>vm-0</c> to <c>vm-(count-1)</c> and waits until no VMI is left.</summary>
    public static async Task StopVmsAsync(IKubernetes client, int count, TimeSpan within)
    {
        var halt = new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["runStrategy"] = KubeVirtApi.RunStrategies.Halted } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.CustomObjects.PatchNamespacedCustomObjectAsync(halt, KubeVirtApi.Group, KubeVirtApi.Version, SnapshotWorkload.Namespace, KubeVirtApi.VirtualMachinePlural, SnapshotWorkload.VmName(i))));
        using var timeout = new CancellationTokenSource(within);
        while ((await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(KubeVirtApi.Group, KubeVirtApi.Version, SnapshotWorkload.Namespace, KubeVirtApi.VirtualMachineInstancePlural))["items"]!.AsArray().Count > 0)
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"VMIs still there after {within}");
            }

            await Task.Delay(PollEvery);
        }
    }

    /// <summary>Watches the restores: done once <c>complete</c> with Ready True, as <c>kubectl wait --for condition=Ready</c> sees it.</summary>
    public static Task<CompletionWatch> WatchCompleteAsync(IKubernetes client) =>
        CompletionWatch.StartAsync<VirtualMachineRestore>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.RestorePlural, r =>
            r.Status is { Complete: true, Conditions: { } conditions }
            && conditions.Any(c => c is { Type: SnapshotApi.ConditionReady, Status: SnapshotApi.ConditionTrue }));

    /// <summary>Watches the snapshots: done once Succeeded and ready to use.</summary>
    public static Task<CompletionWatch> WatchSucceededAsync(IKubernetes client) =>
        CompletionWatch.StartAsync<VirtualMachineSnapshot>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.SnapshotPlural, s =>
            s.Status is { Phase: SnapshotApi.PhaseSucceeded, ReadyToUse: true });
}
