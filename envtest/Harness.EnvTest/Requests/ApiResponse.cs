namespace Harness.EnvTest.Requests;

/// <summary>The answer of the API server core: either a complete body or a watch stream.</summary>
public abstract class ApiResponse
{
    private protected ApiResponse(int statusCode, string contentType)
    {
        StatusCode = statusCode;
        ContentType = contentType;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The <c>Content-Type</c> of the body.</summary>
    public string ContentType { get; }

    /// <summary>Warnings for the client, each sent as a <c>Warning: 299 - "text"</c> header (kube's warning header format).</summary>
    public IReadOnlyList<string> Warnings { get; internal set; } = [];

    /// <summary>Seconds for a <c>Retry-After</c> header, or null for none.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>A warning as a <c>Warning</c> header value: code 299, agent <c>-</c>, the text quoted.</summary>
    internal static string WarningHeaderValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "299 - \"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}

/// <summary>A response whose body is complete.</summary>
public sealed class BufferedApiResponse(int statusCode, string contentType, ReadOnlyMemory<byte> body)
    : ApiResponse(statusCode, contentType)
{
    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;
}

/// <summary>
/// A watch response (status 200, chunked): each element is one complete frame, a JSON watch event
/// followed by a newline. The stream ends when the watch times out or the server stops.
/// </summary>
public sealed class StreamingApiResponse(string contentType, IAsyncEnumerable<ReadOnlyMemory<byte>> frames)
    : ApiResponse(200, contentType)
{
    /// <summary>The frames, in order.</summary>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> Frames { get; } = frames;
}
