using Harness.EnvTest.Environment;
using k8s;

namespace Harness.EnvTest.Tests.Backends;

/// <summary>One test's share of a backend: the client, a namespace of its own (deleted at the end) and kubectl.</summary>
public sealed class ClusterScope(Backend backend, TestEnvironment environment, string @namespace) : IAsyncDisposable
{
    public Backend Backend { get; } = backend;

    public IKubernetes Client => environment.Client;

    public string Namespace { get; } = @namespace;

    public string KubeconfigPath => environment.KubeconfigPath;

    /// <summary>A name unique to this test for cluster-scoped objects: <paramref name="prefix"/> and the namespace's name.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Namespace}";

    /// <summary>A GET of <paramref name="path"/> with the client's credentials, for what KubernetesClient cannot ask (tables, raw watches).</summary>
    public Task<(int Code, string Body)> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    /// <summary>A request with the client's credentials, for what KubernetesClient cannot send (bodies of the wrong shape, say).</summary>
    public async Task<(int Code, string Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        var (code, text, _) = await SendWithWarningsAsync(method, path, body, contentType, accept);
        return (code, text);
    }

    /// <summary><see cref="SendAsync"/>, with the response's <c>Warning</c> headers.</summary>
    public async Task<(int Code, string Body, string[] Warnings)> SendWithWarningsAsync(
        HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        var kubernetes = (Kubernetes)Client;
        using var request = new HttpRequestMessage(method, new Uri(kubernetes.BaseUri, path.TrimStart('/')));
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        await kubernetes.Credentials!.ProcessHttpRequestAsync(request, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToArray() : [];
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token), warnings);
    }

    public async ValueTask DisposeAsync() => await Client.CoreV1.DeleteNamespaceAsync(Namespace);
}
