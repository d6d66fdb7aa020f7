using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Durations;
using k8s;
using k8s.Autorest;

namespace Harness.Api.Clients;

/// <summary>
/// The <c>subresources.kubevirt.io/v1</c> calls (virt-api's aggregated API), as KubeVirt's own client makes them:
/// <c>PUT</c> with the same JSON bodies, through the <see cref="Kubernetes"/> client's own HTTP pipeline (its handlers,
/// TLS and credentials), so they reach an in-process API server and a real one alike. A call the API answers with an
/// error throws <see cref="HttpOperationException"/> carrying the response and its Status body, as KubernetesClient's
/// generated calls do.
/// </summary>
public sealed class SubresourcesClient
{
    private const string Prefix = "apis/" + KubeVirtApi.SubresourcesGroup + "/" + KubeVirtApi.Version;

    private readonly Kubernetes client;

    public SubresourcesClient(IKubernetes client)
        => this.client = client as Kubernetes
            ?? throw new ArgumentException("the subresource calls need KubernetesClient's Kubernetes (its HttpClient and credentials)", nameof(client));

    /// <summary>Freezes the guest's filesystems; the guest agent thaws them by itself after <paramref name="unfreezeTimeout"/> (zero: never).</summary>
    public Task FreezeAsync(string ns, string name, TimeSpan unfreezeTimeout, CancellationToken cancellationToken = default)
        => PutAsync(Instance(ns, name, "freeze"), new JsonObject { ["unfreezeTimeout"] = GoDuration.Format(unfreezeTimeout) }, cancellationToken);

    public Task UnfreezeAsync(string ns, string name, CancellationToken cancellationToken = default)
        => PutAsync(Instance(ns, name, "unfreeze"), null, cancellationToken);

    public Task PauseAsync(string ns, string name, CancellationToken cancellationToken = default)
        => PutAsync(Instance(ns, name, "pause"), new JsonObject(), cancellationToken);

    public Task UnpauseAsync(string ns, string name, CancellationToken cancellationToken = default)
        => PutAsync(Instance(ns, name, "unpause"), new JsonObject(), cancellationToken);

    /// <summary>Asks the VM to start (a Start state-change request, or the runStrategy it implies).</summary>
    public Task StartAsync(string ns, string name, bool paused = false, CancellationToken cancellationToken = default)
        => PutAsync(Machine(ns, name, "start"), paused ? new JsonObject { ["paused"] = true } : new JsonObject(), cancellationToken);

    /// <summary>Asks the VM to stop; <paramref name="gracePeriodSeconds"/> overrides the instance's termination grace period.</summary>
    public Task StopAsync(string ns, string name, long? gracePeriodSeconds = null, CancellationToken cancellationToken = default)
        => PutAsync(Machine(ns, name, "stop"), gracePeriodSeconds is { } grace ? new JsonObject { ["gracePeriod"] = grace } : new JsonObject(), cancellationToken);

    /// <summary>Hot-plugs a volume into the VM (persisted in its template) and its running instance.</summary>
    public Task AddVolumeAsync(string ns, string name, AddVolumeOptions options, CancellationToken cancellationToken = default)
        => PutAsync(Machine(ns, name, "addvolume"), JsonNode.Parse(KubernetesJson.Serialize(options)), cancellationToken);

    /// <summary>Unplugs a hot-plugged volume from the VM and its running instance.</summary>
    public Task RemoveVolumeAsync(string ns, string name, RemoveVolumeOptions options, CancellationToken cancellationToken = default)
        => PutAsync(Machine(ns, name, "removevolume"), JsonNode.Parse(KubernetesJson.Serialize(options)), cancellationToken);

    /// <summary>Dumps the guest's memory into the claim of <paramref name="request"/> (a VirtualMachineMemoryDumpRequest body).</summary>
    public Task MemoryDumpAsync(string ns, string name, VirtualMachineMemoryDumpRequest request, CancellationToken cancellationToken = default)
        => PutAsync(Machine(ns, name, "memorydump"), JsonNode.Parse(KubernetesJson.Serialize(request)), cancellationToken);

    /// <summary>Dissociates the VM's memory-dump claim: the volume leaves the VM, the request its status.</summary>
    public Task RemoveMemoryDumpAsync(string ns, string name, CancellationToken cancellationToken = default)
        => PutAsync(Machine(ns, name, "removememorydump"), null, cancellationToken);

    private static string Instance(string ns, string name, string action) => Path(ns, KubeVirtApi.VirtualMachineInstancePlural, name, action);

    private static string Machine(string ns, string name, string action) => Path(ns, KubeVirtApi.VirtualMachinePlural, name, action);

    private static string Path(string ns, string resource, string name, string action)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"{Prefix}/namespaces/{Uri.EscapeDataString(ns)}/{resource}/{Uri.EscapeDataString(name)}/{action}";
    }

    private async Task PutAsync(string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var content = body?.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(BaseUri(), path));
        if (content is not null)
        {
            request.Content = new StringContent(content, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await client.HttpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {answer}")
            {
                Request = new HttpRequestMessageWrapper(request, content),
                Response = new HttpResponseMessageWrapper(response, answer),
            };
        }
    }

    /// <summary>The server's URI with a trailing slash, so that a path under it keeps the server's own path prefix.</summary>
    private Uri BaseUri()
    {
        var text = client.BaseUri.ToString();
        return text.EndsWith('/') ? client.BaseUri : new Uri(text + "/");
    }
}
