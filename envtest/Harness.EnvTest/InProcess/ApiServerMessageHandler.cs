using System.Net;
using System.Net.Http.Headers;
using Harness.EnvTest.Requests;

namespace Harness.EnvTest.InProcess;

/// <summary>
/// A terminal <see cref="DelegatingHandler"/> for KubernetesClient that hands every request to an
/// <see cref="IApiHandler"/> in-process: no socket is ever opened; watches stream through <see cref="FrameStream"/>.
/// Use: <c>new Kubernetes(config, new ApiServerMessageHandler(server))</c>.
/// </summary>
public sealed class ApiServerMessageHandler(IApiHandler handler, string user = "system:admin") : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        var body = request.Content is null ? ReadOnlyMemory<byte>.Empty : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var apiRequest = new ApiRequest
        {
            Method = request.Method.Method,
            Path = Uri.UnescapeDataString(uri.AbsolutePath),
            Query = ParseQuery(uri.Query),
            ContentType = request.Content?.Headers.ContentType?.ToString(),
            Accept = request.Headers.Accept.Count == 0 ? null : string.Join(", ", request.Headers.Accept.Select(a => a.ToString())),
            UserAgent = request.Headers.UserAgent.Count == 0 ? null : request.Headers.UserAgent.ToString(),
            Body = body,
            User = user,
        };
        var response = await handler.HandleAsync(apiRequest, cancellationToken);
        HttpContent content = response switch
        {
            BufferedApiResponse buffered => new ReadOnlyMemoryContent(buffered.Body),
            StreamingApiResponse streaming => new StreamContent(new FrameStream(streaming.Frames)),
            AbortedApiResponse => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
            _ => throw new InvalidOperationException("unknown response type"),
        };
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(response.ContentType);
        var message = new HttpResponseMessage((HttpStatusCode)response.StatusCode) { Content = content, RequestMessage = request, Version = request.Version };
        foreach (var warning in response.Warnings)
        {
            message.Headers.TryAddWithoutValidation("Warning", ApiResponse.WarningHeaderValue(warning));
        }

        if (response.RetryAfterSeconds is { } retryAfter)
        {
            message.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfter));
        }

        return message;
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            result.TryAdd(name, value);
        }

        return result;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
