namespace Harness.EnvTest.Requests;

/// <summary>
/// One Kubernetes REST request as the API server core sees it, whichever transport carried it
/// (HTTPS through Kestrel, or the in-process <c>DelegatingHandler</c>).
/// </summary>
public sealed class ApiRequest
{
    /// <summary>HTTP method: GET, POST, PUT, PATCH or DELETE.</summary>
    public required string Method { get; init; }

    /// <summary>The URL path, e.g. <c>/apis/kubevirt.io/v1/namespaces/default/virtualmachines/vm1/status</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Decoded query parameters; when a name repeats, the first value wins.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>Content-Type</c> header, or null.</summary>
    public string? ContentType { get; init; }

    /// <summary>The <c>Accept</c> header, or null.</summary>
    public string? Accept { get; init; }

    /// <summary>The <c>User-Agent</c> header, or null; names the field manager when the request gives none.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The request body (empty when there is none).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The authenticated user name.</summary>
    public string User { get; init; } = "system:admin";

    /// <summary>Warnings the server gathers while answering (sent back as <c>Warning: 299</c> headers).</summary>
    internal List<string> Warnings { get; } = [];

    /// <summary>Strict-decoding findings of the body (duplicate fields) awaiting the unknown fields of the same request.</summary>
    internal List<string> StrictErrors { get; } = [];
}
