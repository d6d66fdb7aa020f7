using System.Net;
using Harness.Api.Snapshots;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Tests.Admission;

/// <summary>Checks a refused write: its Status (code, message, cause field and message) and that nothing was stored.</summary>
internal static class AdmissionAssert
{
    public static async Task<V1Status> DeniedAsync(int code, string webhook, string message, Func<Task> write)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(write);
        Assert.True(code == (int)error.Response.StatusCode, $"expected {code}, got {(int)error.Response.StatusCode}: {error.Response.Content}");
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Failure", status.Status);
        Assert.Equal(code, status.Code);
        Assert.Equal($"admission webhook \"{webhook}\" denied the request: {message}", status.Message);
        return status;
    }

    /// <summary>A 422 Invalid with exactly the causes given as (type, field, message).</summary>
    public static async Task InvalidAsync(string webhook, Func<Task> write, params (string Type, string Field, string Message)[] causes)
    {
        var status = await DeniedAsync(422, webhook, string.Join(", ", causes.Select(cause => cause.Message)), write);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(causes, status.Details.Causes.Select(cause => (cause.Reason, cause.Field, cause.Message)).ToArray());
    }

    public static async Task NotStoredAsync(IKubernetes client, string ns, string plural, string name)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotApi.Group, SnapshotApi.StorageVersion, ns, plural, name));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }
}
