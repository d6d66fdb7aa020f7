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
