using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Clients;

/// <summary>Typed writes of one namespaced custom resource through <see cref="IKubernetes"/>'s custom object API.</summary>
internal sealed class CustomResourceClient<T>(IKubernetes client, string group, string version, string plural)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public async Task<T?> GetAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return Read(await client.CustomObjects.GetNamespacedCustomObjectAsync(group, version, ns, plural, name, ct));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates <paramref name="obj"/>; false when an object of that name already exists.</summary>
    public async Task<bool> CreateAsync(T obj, CancellationToken ct)
    {
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, group, version, obj.Metadata.NamespaceProperty, plural, cancellationToken: ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Replaces the status of <paramref name="obj"/>, guarded by its resourceVersion.</summary>
    public async Task<T> ReplaceStatusAsync(T obj, CancellationToken ct) =>
        Read(await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(obj, group, version, obj.Metadata.NamespaceProperty, plural, obj.Metadata.Name, cancellationToken: ct));

    public async Task<T> PatchAsync(V1Patch patch, string ns, string name, CancellationToken ct) =>
        Read(await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, group, version, ns, plural, name, cancellationToken: ct));

    /// <summary>Patches the status subresource.</summary>
    public async Task<T> PatchStatusAsync(V1Patch patch, string ns, string name, CancellationToken ct) =>
        Read(await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, group, version, ns, plural, name, cancellationToken: ct));

    /// <summary>Deletes the object (background propagation); false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, ns, plural, name, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static T Read(object body) => body switch
    {
        JsonElement element => KubernetesJson.Deserialize<T>(element.GetRawText()),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(body)),
    };
}
