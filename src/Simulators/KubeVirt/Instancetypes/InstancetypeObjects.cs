using System.Text.Json.Nodes;
using Harness.Api.Instancetypes;
using Harness.Api.Resources;
using Harness.Reconciling;
using Harness.Reflectors;
using Harness.Simulators.KubeVirt.Objects;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Instancetypes;

/// <summary>The four kinds of <c>instancetype.kubevirt.io</c> objects, read as their models: from the API server, or from the ControllerRevision that holds a copy.</summary>
internal static class InstancetypeObjects
{
    /// <summary>The object of <paramref name="resource"/> (one of the four) named <paramref name="key"/>, or null when there is none.</summary>
    public static async Task<Resource?> FindAsync(ObjectWriter writer, CustomResource resource, ObjectKey key, CancellationToken ct) => resource.Kind switch
    {
        InstancetypeApi.InstancetypeKind => await writer.TryGetAsync<VirtualMachineInstancetype>(resource, key, ct),
        InstancetypeApi.ClusterInstancetypeKind => await writer.TryGetAsync<VirtualMachineClusterInstancetype>(resource, key, ct),
        InstancetypeApi.PreferenceKind => await writer.TryGetAsync<VirtualMachinePreference>(resource, key, ct),
        InstancetypeApi.ClusterPreferenceKind => await writer.TryGetAsync<VirtualMachineClusterPreference>(resource, key, ct),
        _ => throw new ArgumentException($"{resource.Kind} is not an instance type or preference kind", nameof(resource)),
    };

    /// <summary>The object a ControllerRevision holds, by its <c>kind</c>; null when it is none of the four.</summary>
    public static Resource? Held(V1ControllerRevision revision) => KubernetesUtf8Json.SerializeToNode(revision.Data) is not JsonObject data ? null : (string?)data["kind"] switch
    {
        InstancetypeApi.InstancetypeKind => KubernetesUtf8Json.Deserialize<VirtualMachineInstancetype>(data),
        InstancetypeApi.ClusterInstancetypeKind => KubernetesUtf8Json.Deserialize<VirtualMachineClusterInstancetype>(data),
        InstancetypeApi.PreferenceKind => KubernetesUtf8Json.Deserialize<VirtualMachinePreference>(data),
        InstancetypeApi.ClusterPreferenceKind => KubernetesUtf8Json.Deserialize<VirtualMachineClusterPreference>(data),
        _ => null,
    };
}
