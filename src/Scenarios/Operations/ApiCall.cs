using System.Text.Json;
using Harness.Api.Snapshots;
using k8s;
using k8s.Autorest;

namespace Harness.Scenarios.Operations;

/// <summary>Runs an operation's API call and says how the API server answered.</summary>
internal static class ApiCall
{
    /// <returns><paramref name="done"/>, or the refusal: <c>refused 422: message</c>.</returns>
    public static async Task<string> RunAsync<T>(string done, Func<Task<T>> call)
    {
        try
        {
            await call();
            return done;
        }
        catch (HttpOperationException e)
        {
            return $"refused {(int)e.Response.StatusCode}: {Message(e.Response.Content)}";
        }
    }

    /// <summary>Creates a <c>snapshot.kubevirt.io</c> object of <paramref name="plural"/> in the storage version.</summary>
    public static Task<string> CreateAsync(IKubernetes client, object body, string namespaceName, string plural) =>
        RunAsync("created", () => client.CustomObjects.CreateNamespacedCustomObjectAsync(body, SnapshotApi.Group, SnapshotApi.StorageVersion, namespaceName, plural));

    /// <summary>Deletes a <c>snapshot.kubevirt.io</c> object of <paramref name="plural"/>.</summary>
    public static Task<string> DeleteAsync(IKubernetes client, string namespaceName, string plural, string name) =>
        RunAsync("deleted", () => client.CustomObjects.DeleteNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, namespaceName, plural, name));

    private static string Message(string? body)
    {
        try
        {
            return body is null ? "" : JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body ?? "";
        }
    }
}
