using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Reflectors;
using Harness.Simulators.Csi.Provisioner;
using k8s;
using k8s.Models;
using static Harness.Simulators.Csi.Sidecars.ClaimResize;

namespace Harness.Simulators.Csi.Kubelet;

/// <summary>The claim status writes of kubelet's expansion, each guarded by the claim's resourceVersion as kubelet's are.</summary>
public sealed partial class NodeVolumeExpander
{
    private static readonly string[] ResizeConditions =
    [
        ResizeConstants.FileSystemResizePendingCondition,
        ResizeConstants.ResizingCondition,
        ResizeConstants.ControllerResizeErrorCondition,
        ResizeConstants.NodeResizeErrorCondition,
    ];

    private Task MarkInProgressAsync(V1PersistentVolumeClaim pvc, CancellationToken cancellationToken) =>
        PatchStatusAsync(pvc, new JsonObject { ["allocatedResourceStatuses"] = StorageStatus(pvc, ResizeConstants.NodeResizeInProgress) }, cancellationToken);

    /// <summary>The new capacity; the storage resize status and every resize condition go.</summary>
    private Task MarkFinishedAsync(V1PersistentVolumeClaim pvc, long newSize, CancellationToken cancellationToken) =>
        PatchStatusAsync(
            pvc,
            new JsonObject
            {
                ["capacity"] = new JsonObject { ["storage"] = Quantity(newSize) },
                ["allocatedResourceStatuses"] = StorageStatus(pvc, null),
                ["conditions"] = Conditions(pvc, keepResizeConditions: false),
            },
            cancellationToken);

    /// <summary>A NodeResizeError condition beside the resize conditions there are; an infeasible expansion also ends the attempt (NodeResizeInfeasible).</summary>
    private Task MarkFailedAsync(V1PersistentVolumeClaim pvc, string message, bool infeasible, CancellationToken cancellationToken)
    {
        var current = pvc.Status.Conditions?.FirstOrDefault(c => c.Type == ResizeConstants.NodeResizeErrorCondition);
        if (current?.Message == message && !infeasible)
        {
            return Task.CompletedTask;
        }

        var status = new JsonObject { ["conditions"] = Conditions(pvc, keepResizeConditions: true, NodeResizeError(message)) };
        if (infeasible)
        {
            status["allocatedResourceStatuses"] = StorageStatus(pvc, ResizeConstants.NodeResizeInfeasible);
        }

        return PatchStatusAsync(pvc, status, cancellationToken);
    }

    private JsonObject NodeResizeError(string message) => Condition(ResizeConstants.NodeResizeErrorCondition, message, sidecar.Time.GetUtcNow());

    /// <summary>A merge of allocatedResourceStatuses setting storage to <paramref name="status"/>, or removing it (the whole map when nothing else is in it).</summary>
    private static JsonObject? StorageStatus(V1PersistentVolumeClaim pvc, string? status) =>
        status is null && pvc.Status.AllocatedResourceStatuses?.Keys.All(resource => resource == "storage") != false
            ? null
            : new JsonObject { ["storage"] = status };

    /// <summary>The claim's conditions: those that are not about resizing, the resize ones if kept (but for one being replaced), then <paramref name="added"/>.</summary>
    private static JsonArray? Conditions(V1PersistentVolumeClaim pvc, bool keepResizeConditions, JsonObject? added = null)
    {
        var kept = (pvc.Status.Conditions ?? [])
            .Where(c => (keepResizeConditions || !ResizeConditions.Contains(c.Type)) && c.Type != (string?)added?["type"])
            .Select(c => (JsonNode?)KubernetesUtf8Json.SerializeToNode(c));
        var conditions = new JsonArray([.. kept, .. added is null ? Array.Empty<JsonNode?>() : [added]]);
        return conditions.Count == 0 ? null : conditions;
    }

    private Task PatchStatusAsync(V1PersistentVolumeClaim pvc, JsonObject status, CancellationToken cancellationToken) =>
        sidecar.Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            MergePatches.Of(new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = pvc.Metadata.ResourceVersion }, ["status"] = status }),
            pvc.Metadata.Name, pvc.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
}
