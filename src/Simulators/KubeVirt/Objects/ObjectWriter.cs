using System.Net;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>The writes the simulator makes to custom resources, through <see cref="IKubernetes"/>.</summary>
internal sealed class ObjectWriter
{
    private readonly IKubernetes client;
    private readonly HashSet<CustomResource> withStatusSubresource = [];
    private readonly HashSet<CustomResource> served = [];

    public ObjectWriter(IKubernetes client) => this.client = client;

    public IKubernetes Client => client;

    /// <summary>Whether discovery found <paramref name="resource"/> served (its CRD installed).</summary>
    public bool IsServed(CustomResource resource) => served.Contains(resource);

    /// <summary>Reads from discovery which resources are served and which have a <c>/status</c> subresource.</summary>
    public async Task DiscoverAsync(IEnumerable<CustomResource> resources, CancellationToken cancellationToken)
    {
        foreach (var group in resources.GroupBy(r => (r.Group, r.Version)))
        {
            V1APIResourceList list;
            try
            {
                list = await client.CustomObjects.GetAPIResourcesAsync(group.Key.Group, group.Key.Version, cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            foreach (var resource in group)
            {
                if (list.Resources.Any(r => r.Name == resource.Plural))
                {
                    served.Add(resource);
                }

                if (list.Resources.Any(r => r.Name == resource.Plural + "/status"))
                {
                    withStatusSubresource.Add(resource);
                }
            }
        }
    }

    /// <summary>Reads the object as <typeparamref name="T"/> (an <c>Api</c> entity, or <see cref="JsonObject"/>).</summary>
    public async Task<T> GetAsync<T>(CustomResource resource, ObjectKey key, CancellationToken cancellationToken)
        where T : class
        => resource.Namespaced
            ? await client.CustomObjects.GetNamespacedCustomObjectAsync<T>(
                resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name, cancellationToken)
            : await client.CustomObjects.GetClusterCustomObjectAsync<T>(
                resource.Group, resource.Version, resource.Plural, key.Name, cancellationToken);

    public async Task<T?> TryGetAsync<T>(CustomResource resource, ObjectKey key, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await GetAsync<T>(resource, key, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates <paramref name="obj"/>, an <c>Api</c> entity (which carries its apiVersion and kind).</summary>
    public Task<T> CreateAsync<T>(CustomResource resource, T obj, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => CreateAsync(resource, obj, obj.Metadata.NamespaceProperty ?? "", cancellationToken);

    private async Task<T> CreateAsync<T>(CustomResource resource, T body, string ns, CancellationToken cancellationToken)
        where T : class
        => resource.Namespaced
            ? await client.CustomObjects.CreateNamespacedCustomObjectAsync<T>(
                body, resource.Group, resource.Version, ns, resource.Plural, cancellationToken: cancellationToken)
            : await client.CustomObjects.CreateClusterCustomObjectAsync<T>(
                body, resource.Group, resource.Version, resource.Plural, cancellationToken: cancellationToken);

    public Task<JsonObject> MergePatchAsync(CustomResource resource, ObjectKey key, JsonNode patch, CancellationToken cancellationToken)
        => PatchAsync<JsonObject>(resource, key, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), status: false, cancellationToken);

    public Task<JsonObject> JsonPatchAsync(CustomResource resource, ObjectKey key, JsonArray operations, CancellationToken cancellationToken)
        => JsonPatchAsync<JsonObject>(resource, key, operations, cancellationToken);

    /// <summary>JSON-patches the object and reads the result as <typeparamref name="T"/>.</summary>
    public Task<T> JsonPatchAsync<T>(CustomResource resource, ObjectKey key, JsonArray operations, CancellationToken cancellationToken)
        where T : class
        => PatchAsync<T>(resource, key, new V1Patch(operations.ToJsonString(), V1Patch.PatchType.JsonPatch), status: false, cancellationToken);

    /// <summary>Merge-patches <c>status</c>: through <c>/status</c> when the resource has it, else the main resource.</summary>
    public Task<JsonObject> PatchStatusAsync(CustomResource resource, ObjectKey key, JsonObject status, CancellationToken cancellationToken)
        => PatchStatusAsync<JsonObject>(resource, key, status, cancellationToken);

    /// <summary>Merge-patches <c>status</c> and reads the result as <typeparamref name="T"/>.</summary>
    public Task<T> PatchStatusAsync<T>(CustomResource resource, ObjectKey key, JsonObject status, CancellationToken cancellationToken)
        where T : class
        => PatchAsync<T>(
            resource,
            key,
            new V1Patch(new JsonObject { ["status"] = status }.ToJsonString(), V1Patch.PatchType.MergePatch),
            status: withStatusSubresource.Contains(resource),
            cancellationToken);

    /// <summary>JSON-patches <c>status</c> fields (paths start with <c>/status</c>).</summary>
    public Task<JsonObject> JsonPatchStatusAsync(CustomResource resource, ObjectKey key, JsonArray operations, CancellationToken cancellationToken)
        => JsonPatchStatusAsync<JsonObject>(resource, key, operations, cancellationToken);

    /// <summary>JSON-patches <c>status</c> fields and reads the result as <typeparamref name="T"/>.</summary>
    public Task<T> JsonPatchStatusAsync<T>(CustomResource resource, ObjectKey key, JsonArray operations, CancellationToken cancellationToken)
        where T : class
        => PatchAsync<T>(
            resource,
            key,
            new V1Patch(operations.ToJsonString(), V1Patch.PatchType.JsonPatch),
            status: withStatusSubresource.Contains(resource),
            cancellationToken);

    public async Task DeleteAsync(CustomResource resource, ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            if (resource.Namespaced)
            {
                await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                    resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name, cancellationToken: cancellationToken);
            }
            else
            {
                await client.CustomObjects.DeleteClusterCustomObjectAsync(
                    resource.Group, resource.Version, resource.Plural, key.Name, cancellationToken: cancellationToken);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task<T> PatchAsync<T>(CustomResource resource, ObjectKey key, V1Patch patch, bool status, CancellationToken cancellationToken)
        where T : class
    {
        var ops = client.CustomObjects;
        return (resource.Namespaced, status) switch
        {
            (true, true) => await ops.PatchNamespacedCustomObjectStatusAsync<T>(
                patch, resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name, cancellationToken: cancellationToken),
            (true, false) => await ops.PatchNamespacedCustomObjectAsync<T>(
                patch, resource.Group, resource.Version, key.Namespace, resource.Plural, key.Name, cancellationToken: cancellationToken),
            (false, true) => await ops.PatchClusterCustomObjectStatusAsync<T>(
                patch, resource.Group, resource.Version, resource.Plural, key.Name, cancellationToken: cancellationToken),
            (false, false) => await ops.PatchClusterCustomObjectAsync<T>(
                patch, resource.Group, resource.Version, resource.Plural, key.Name, cancellationToken: cancellationToken),
        };
    }
}
