using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Harness.Simulators.Csi.Sidecars;

/// <summary>How the resizer and kubelet read and write a claim's resize state: storage quantities, the storage status, conditions.</summary>
internal static class ClaimResize
{
    /// <summary>The claim's <c>status.allocatedResourceStatuses["storage"]</c>, if any.</summary>
    public static string? AllocatedStatus(V1PersistentVolumeClaim pvc) =>
        pvc.Status?.AllocatedResourceStatuses?.TryGetValue("storage", out var status) == true ? status : null;

    public static long? StorageBytes(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue("storage", out var storage) ? storage.ToInt64() : null;

    public static string Quantity(long bytes) => new ResourceQuantity(bytes, 0, ResourceQuantity.SuffixFormat.BinarySI).ToString();

    /// <summary>A True condition, as a merge patch writes it.</summary>
    public static JsonObject Condition(string type, string? message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["message"] = message,
    };
}
