using System.Text.Json.Nodes;
using k8s;

namespace Harness.Simulators.Tests.Backends;

/// <summary>
/// Removes what a test made on the shared real control plane, so the next test of the collection starts from a clean
/// cluster: every object of the given collections, its finalizers taken off first (their controllers have stopped).
/// </summary>
internal static class ClusterSweep
{
    /// <param name="collections">API paths of collections (<c>/api/v1/persistentvolumes</c>, <c>/apis/G/V/namespaces/N/R</c>).</param>
    public static async Task SweepAsync(Kubernetes client, params string[] collections)
    {
        foreach (var collection in collections)
        {
            var (status, body) = await RawRequests.SendAsync(client, "GET", collection);
            if (status == 404)
            {
                continue;
            }

            Assert.True(status == 200, $"GET {collection}: {status}");
            foreach (var item in JsonNode.Parse(body)!["items"]!.AsArray())
            {
                var path = $"{collection}/{item!["metadata"]!["name"]!.GetValue<string>()}";
                if (item["metadata"]!["finalizers"] is JsonArray { Count: > 0 })
                {
                    await RawRequests.SendAsync(client, "PATCH", path, "{\"metadata\":{\"finalizers\":null}}", "application/merge-patch+json");
                }

                await RawRequests.SendAsync(client, "DELETE", path);
            }
        }
    }
}
