using System.Text.Json.Nodes;
using Harness.Controller.Clients;
using Harness.Reconciling;
using Harness.Reflectors;
using k8s;
using k8s.Models;

namespace Harness.Controller.Instancetypes;

/// <summary>
/// A copy of an instance type's or preference's ControllerRevision under another name (KubeVirt swaps the VM's name
/// for the snapshot's, and back for the restored VM's): same labels, data and revision, fresh metadata otherwise.
/// </summary>
internal static class RevisionCopy
{
    public static V1ControllerRevision Of(V1ControllerRevision source, string name, V1OwnerReference? owner) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = source.Metadata.NamespaceProperty,
            Labels = source.Metadata.Labels,
            OwnerReferences = owner is null ? null : [owner],
        },
        Data = ObjectCopy.Of(source.Data),
        Revision = source.Revision,
    };

    /// <summary><paramref name="name"/> with the first occurrence of <paramref name="from"/> replaced by <paramref name="to"/> (Go's <c>strings.Replace(..., 1)</c>).</summary>
    public static string Renamed(string name, string from, string to)
    {
        var at = from.Length == 0 ? 0 : name.IndexOf(from, StringComparison.Ordinal);
        return at < 0 ? name : string.Concat(name.AsSpan(0, at), to, name.AsSpan(at + from.Length));
    }

    /// <summary>KubeVirt's <c>revision.Compare</c>: two revisions hold the same object when the specs of their objects are equal.</summary>
    public static bool SameObject(V1ControllerRevision a, V1ControllerRevision b) => JsonNode.DeepEquals(Spec(a), Spec(b));

    /// <summary>Creates <paramref name="revision"/>; one of that name already there is taken as an earlier pass's.</summary>
    public static async Task CreateAsync(IKubernetes client, V1ControllerRevision revision, CancellationToken ct)
    {
        try
        {
            await client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, revision.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
        }
    }

    /// <summary>The revision <paramref name="name"/>, or null when there is none.</summary>
    public static async Task<V1ControllerRevision?> TryReadAsync(IKubernetes client, string ns, string name, CancellationToken ct)
    {
        try
        {
            return await client.AppsV1.ReadNamespacedControllerRevisionAsync(name, ns, cancellationToken: ct);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private static JsonNode? Spec(V1ControllerRevision revision) => KubernetesUtf8Json.SerializeToNode(revision.Data)?["spec"];
}
