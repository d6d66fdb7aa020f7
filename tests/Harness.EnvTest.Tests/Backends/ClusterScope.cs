using Harness.EnvTest.Environment;
using k8s;

namespace Harness.EnvTest.Tests.Backends;

/// <summary>One test's share of a backend: the client, a namespace of its own (deleted at the end) and kubectl.</summary>
public sealed class ClusterScope(Backend backend, TestEnvironment environment, string @namespace, Func<string, Func<Task>, Task> shared) : IAsyncDisposable
{
    public Backend Backend { get; } = backend;

    public IKubernetes Client => environment.Client;

    public string Namespace { get; } = @namespace;

    public string KubeconfigPath => environment.KubeconfigPath;

    /// <summary>A name unique to this test for cluster-scoped objects: <paramref name="prefix"/> and the namespace's name.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Namespace}";

    /// <summary>
    /// Runs <paramref name="setUp"/> once per backend for the whole collection, under <paramref name="key"/> (a CRD every test of a
    /// class uses, say: it must make only cluster-scoped objects, as this scope's namespace goes with the test); later callers
    /// await the first one's run.
    /// </summary>
    public Task SharedAsync(string key, Func<Task> setUp) => shared(key, setUp);

    /// <summary>A GET of <paramref name="path"/> with the client's credentials, for what KubernetesClient cannot ask (tables, raw watches).</summary>
    public Task<(int Code, string Body)> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    /// <summary>
    /// A request with the client's credentials, for what KubernetesClient cannot send (bodies of the wrong shape, say); a null
    /// <paramref name="contentType"/> sends the body without a <c>Content-Type</c> header.
    /// </summary>
    public async Task<(int Code, string Body)> SendAsync(HttpMethod method, string path, string? body = null, string? contentType = "application/json", string? accept = null)
    {
        var (code, text, _) = await SendWithWarningsAsync(method, path, body, contentType, accept);
        return (code, text);
    }

    /// <summary><see cref="SendAsync"/>, with the response's <c>Warning</c> headers.</summary>
    public async Task<(int Code, string Body, string[] Warnings)> SendWithWarningsAsync(
        HttpMethod method, string path, string? body = null, string? contentType = "application/json", string? accept = null) =>
        await SendContentAsync(method, path, body is null ? null : System.Text.Encoding.UTF8.GetBytes(body), contentType, accept);

    /// <summary><see cref="GetAsync"/>, with the response's <c>Content-Type</c> as sent.</summary>
    public async Task<(int Code, string ContentType, string Body)> GetWithContentTypeAsync(string path, string? accept = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await SendRequestAsync(HttpMethod.Get, path, body: null, contentType: null, accept, timeout.Token);
        var sent = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : string.Empty; // before reading parses it
        return ((int)response.StatusCode, sent, await response.Content.ReadAsStringAsync(timeout.Token));
    }

    /// <summary>A request whose answer is read as bytes (protobuf), with the response's <c>Content-Type</c> as sent.</summary>
    public async Task<(int Code, string ContentType, byte[] Body)> SendForBytesAsync(HttpMethod method, string path, string accept, byte[]? body = null, string? contentType = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await SendRequestAsync(method, path, body, contentType, accept, timeout.Token);
        var sent = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : string.Empty;
        return ((int)response.StatusCode, sent, await response.Content.ReadAsByteArrayAsync(timeout.Token));
    }

    /// <summary>The first frame of a protobuf watch (its four length bytes and the WatchEvent), then closed.</summary>
    public async Task<(int Code, string ContentType, byte[] Frame)> WatchFrameAsync(string path, string accept)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await SendRequestAsync(HttpMethod.Get, path, body: null, contentType: null, accept, timeout.Token);
        var sent = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : string.Empty;
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var length = new byte[4];
        await stream.ReadExactlyAsync(length, timeout.Token);
        var frame = new byte[4 + System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(length)];
        length.CopyTo(frame, 0);
        await stream.ReadExactlyAsync(frame.AsMemory(4), timeout.Token);
        return ((int)response.StatusCode, sent, frame);
    }

    /// <summary>A request with a binary body (protobuf), with the client's credentials.</summary>
    public async Task<(int Code, string Body)> SendBytesAsync(HttpMethod method, string path, byte[] body, string contentType)
    {
        var (code, text, _) = await SendContentAsync(method, path, body, contentType, accept: null);
        return (code, text);
    }

    /// <summary>A watch (<paramref name="path"/> with <c>watch=true</c>) read until it has sent <paramref name="lines"/> lines, then closed.</summary>
    public async Task<(int Code, IReadOnlyList<string> Lines)> WatchAsync(string path, int lines, string? accept = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await SendRequestAsync(HttpMethod.Get, path, body: null, contentType: null, accept, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var read = new List<string>();
        while (read.Count < lines && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            read.Add(line);
        }

        return ((int)response.StatusCode, read);
    }

    private async Task<(int Code, string Body, string[] Warnings)> SendContentAsync(HttpMethod method, string path, byte[]? body, string? contentType, string? accept)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await SendRequestAsync(method, path, body, contentType, accept, timeout.Token);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToArray() : [];
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token), warnings);
    }

    private async Task<HttpResponseMessage> SendRequestAsync(HttpMethod method, string path, byte[]? body, string? contentType, string? accept, CancellationToken cancellation)
    {
        var kubernetes = (Kubernetes)Client;
        using var request = new HttpRequestMessage(method, new Uri(kubernetes.BaseUri, path.TrimStart('/')));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        await kubernetes.Credentials!.ProcessHttpRequestAsync(request, cancellation);
        return await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
    }

    public async ValueTask DisposeAsync() => await Client.CoreV1.DeleteNamespaceAsync(Namespace);
}
