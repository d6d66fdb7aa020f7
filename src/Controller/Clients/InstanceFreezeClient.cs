using System.Net.Http.Headers;
using System.Text;
using Harness.Api.Durations;
using Harness.Api.KubeVirt;
using k8s;

namespace Harness.Controller.Clients;

/// <summary>
/// virt-api's VMI <c>freeze</c> and <c>unfreeze</c> subresources (<c>PUT /apis/subresources.kubevirt.io/v1/namespaces/NS/virtualmachineinstances/NAME/freeze</c>,
/// body <c>{"unfreezeTimeout":"5m0s"}</c>), sent through the client's own handler chain and credentials.
/// </summary>
internal sealed class InstanceFreezeClient(k8s.Kubernetes client)
{
    public Task FreezeAsync(string ns, string name, TimeSpan unfreezeTimeout, CancellationToken ct) =>
        PutAsync(ns, name, "freeze", $"{{\"unfreezeTimeout\":\"{GoDuration.Format(unfreezeTimeout)}\"}}", ct);

    public Task UnfreezeAsync(string ns, string name, CancellationToken ct) => PutAsync(ns, name, "unfreeze", "{}", ct);

    private async Task PutAsync(string ns, string name, string action, string body, CancellationToken ct)
    {
        var path = $"apis/{KubeVirtApi.SubresourcesGroup}/{KubeVirtApi.Version}/namespaces/{Uri.EscapeDataString(ns)}/{KubeVirtApi.VirtualMachineInstancePlural}/{Uri.EscapeDataString(name)}/{action}";
        var baseUri = client.BaseUri.ToString().TrimEnd('/') + "/";
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(new Uri(baseUri), path))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, ct);
        }

        using var response = await client.HttpClient.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new SubresourceException(action, (int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
    }
}
