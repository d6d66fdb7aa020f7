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
    public async Task<(int Code, string Body)> GetAsync(string path, string? accept = null)
    {
        var kubernetes = (Kubernetes)Client;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(kubernetes.BaseUri, path));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        await kubernetes.Credentials!.ProcessHttpRequestAsync(request, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
    }

    public async ValueTask DisposeAsync() => await Client.CoreV1.DeleteNamespaceAsync(Namespace);
}
