using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Informers;

/// <summary>Live reads and guarded writes, through the same client.</summary>
public sealed partial class ClusterMetadataCache
{
    /// <summary>Reads one object live (not from the cache); null when it does not exist.</summary>
    public async Task<JsonObject?> ReadAsync(ApiResourceRef resource, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = resource.Namespaced
                ? await client.CustomObjects.GetNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken)
                : await client.CustomObjects.GetClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, cancellationToken);
            return JsonSerializer.SerializeToNode(result)?.AsObject();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Replaces one object (optimistic: the object's resourceVersion must still be current).</summary>
    public async Task ReplaceAsync(ApiResourceRef resource, JsonObject obj, CancellationToken cancellationToken)
    {
        var ns = obj["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty;
        var name = obj["metadata"]!["name"]!.GetValue<string>();
        if (resource.Namespaced)
        {
            await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(obj, resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken: cancellationToken);
        }
        else
        {
            await client.CustomObjects.ReplaceClusterCustomObjectAsync(obj, resource.Group, resource.Version, resource.Plural, name, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Deletes one object with a propagation policy, only if it still has <paramref name="uid"/>.</summary>
    public async Task DeleteAsync(ApiResourceRef resource, string ns, string name, string uid, string propagationPolicy, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions { PropagationPolicy = propagationPolicy, Preconditions = new V1Preconditions { Uid = uid } };
        if (resource.Namespaced)
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Plural, name, options, cancellationToken: cancellationToken);
        }
        else
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, options, cancellationToken: cancellationToken);
        }
    }
}
