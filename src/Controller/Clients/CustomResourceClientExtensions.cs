using Harness.Api.Clients;
using k8s;
using k8s.Models;

namespace Harness.Controller.Clients;

/// <summary>The idempotent writes a controller makes: a create that finds its object already there, a delete that finds it gone.</summary>
internal static class CustomResourceClientExtensions
{
    /// <summary>Creates <paramref name="obj"/>; false when an object of that name already exists (a retry, or a cache behind).</summary>
    public static async Task<bool> TryCreateAsync<T>(this CustomResourceClient<T> client, T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            await client.CreateAsync(obj, ct);
            return true;
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            return false;
        }
    }

    /// <summary>Deletes the object in the background; false when it was already gone.</summary>
    public static async Task<bool> TryDeleteAsync<T>(this CustomResourceClient<T> client, string ns, string name, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            await client.DeleteAsync(ns, name, new V1DeleteOptions { PropagationPolicy = "Background" }, ct);
            return true;
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }
    }
}
