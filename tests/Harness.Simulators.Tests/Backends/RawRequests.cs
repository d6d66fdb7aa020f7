using System.Net.Http.Headers;
using System.Text;
using k8s;

namespace Harness.Simulators.Tests.Backends;

/// <summary>Requests KubernetesClient has no call for, sent through a client's own pipeline and credentials (in-process or HTTPS).</summary>
internal static class RawRequests
{
    public static async Task<(int Status, byte[] Body)> SendAsync(Kubernetes client, string method, string path, string? body = null, string contentType = "application/json")
    {
        var text = client.BaseUri.ToString();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), path.TrimStart('/')));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        }

        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        }

        using var response = await client.HttpClient.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }
}
