using System.Text;
using Harness.EnvTest.Core;
using Harness.EnvTest.Requests;

namespace Harness.EnvTest.Tests.Core;

/// <summary>Requests straight to the core's IApiHandler, for what KubernetesClient cannot send (bad bodies, odd headers).</summary>
internal static class RawRequests
{
    public static async Task<(int Code, string ContentType, string Body)> SendAsync(
        ApiServer server, string method, string path, string? body = null, string? contentType = "application/json", string? accept = null, IReadOnlyDictionary<string, string>? query = null) =>
        await SendAsync(server, method, path, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, accept, query);

    /// <summary>Sends a binary body (protobuf).</summary>
    public static async Task<(int Code, string ContentType, string Body)> SendAsync(
        ApiServer server, string method, string path, byte[]? body, string? contentType, string? accept = null, IReadOnlyDictionary<string, string>? query = null)
    {
        var response = await server.HandleAsync(new ApiRequest
        {
            Method = method,
            Path = path,
            Body = body ?? ReadOnlyMemory<byte>.Empty,
            ContentType = body is null ? null : contentType,
            Accept = accept,
            Query = query ?? new Dictionary<string, string>(),
        }, CancellationToken.None);
        var buffered = Assert.IsType<BufferedApiResponse>(response);
        return (buffered.StatusCode, buffered.ContentType, Encoding.UTF8.GetString(buffered.Body.Span));
    }
}
