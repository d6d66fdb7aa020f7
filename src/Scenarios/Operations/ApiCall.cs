using System.Text.Json;
using Harness.Api.Clients;
using k8s;
using k8s.Models;
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

    public static Task<string> CreateAsync<T>(IKubernetes client, T body)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        RunAsync("created", () => new CustomResourceClient<T>(client).CreateAsync(body));

    public static Task<string> DeleteAsync<T>(IKubernetes client, string namespaceName, string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        RunAsync("deleted", () => new CustomResourceClient<T>(client).DeleteAsync(namespaceName, name));

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
