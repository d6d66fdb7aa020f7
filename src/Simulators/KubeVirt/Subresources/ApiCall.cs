using System.Net;
using System.Text.Json;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>Runs the API calls of a subresource and turns the API server's errors into <see cref="StatusError"/>s.</summary>
internal static class ApiCall
{
    /// <summary>Reads an object; 404 becomes virt-api's NotFound on <paramref name="resourceName"/>.</summary>
    public static async Task<T> GetAsync<T>(ObjectWriter writer, CustomResource resource, string resourceName, ObjectKey key, CancellationToken ct)
        where T : class
    {
        try
        {
            return await writer.GetAsync<T>(resource, key, ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw StatusError.NotFound(resourceName, key.Name);
        }
        catch (HttpOperationException e)
        {
            throw StatusError.Internal($"unable to retrieve {resourceName} [{key.Name}]: {Message(e)}");
        }
    }

    public static async Task<T?> TryGetAsync<T>(ObjectWriter writer, CustomResource resource, ObjectKey key, CancellationToken ct)
        where T : class
    {
        try
        {
            return await writer.TryGetAsync<T>(resource, key, ct);
        }
        catch (HttpOperationException e)
        {
            throw StatusError.Internal(Message(e));
        }
    }

    /// <summary>Runs a guarded patch: a conflict (failed <c>test</c>, stale version) is a 409 on the object; other errors keep the server's status.</summary>
    public static async Task PatchAsync(Func<Task> patch, string resourceName, string name)
    {
        try
        {
            await patch();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict)
        {
            throw StatusError.Conflict(resourceName, name, Message(e));
        }
        catch (HttpOperationException e)
        {
            var status = Status(e);
            throw status is not null
                ? StatusError.FromStatus((int)e.Response.StatusCode, status.Reason ?? "InternalError", status.Message ?? Message(e))
                : StatusError.Internal(Message(e));
        }
    }

    private static V1Status? Status(HttpOperationException e)
    {
        try
        {
            return KubernetesJson.Deserialize<V1Status>(e.Response.Content ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Message(HttpOperationException e) => Status(e)?.Message ?? e.Response.Content ?? e.Message;
}
