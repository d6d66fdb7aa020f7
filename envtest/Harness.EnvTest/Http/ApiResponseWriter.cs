using System.Buffers;
using Harness.EnvTest.Requests;
using Microsoft.AspNetCore.Http;

namespace Harness.EnvTest.Http;

/// <summary>Writes an <see cref="ApiResponse"/> to an <see cref="HttpResponse"/>.</summary>
internal static class ApiResponseWriter
{
    public static Task WriteAsync(HttpContext context, ApiResponse response, CancellationToken serverStopping)
    {
        foreach (var warning in response.Warnings)
        {
            context.Response.Headers.Append("Warning", ApiResponse.WarningHeaderValue(warning));
        }

        if (response.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteResponseAsync(context, response, serverStopping);
    }

    private static Task WriteBuffered(HttpResponse response, BufferedApiResponse buffered)
    {
        WriteBuffered(response, buffered.StatusCode, buffered.ContentType, buffered.Body);
        return Task.CompletedTask;
    }

    private static Task WriteResponseAsync(HttpContext context, ApiResponse response, CancellationToken serverStopping) => response switch
    {
        BufferedApiResponse buffered => WriteBuffered(context.Response, buffered),
        StreamingApiResponse streaming => WriteStreamAsync(context, streaming, serverStopping),
        AbortedApiResponse => Abort(context),
        _ => throw new InvalidOperationException($"unknown response type {response.GetType().Name}"),
    };

    private static Task Abort(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sets the status, headers and body without flushing: Kestrel sends it all when the request ends, headers, data
    /// and end of stream together (one HTTP/2 DATA frame with END_STREAM, not a data frame and an empty one). A JSON body
    /// ends with a newline, as kube-apiserver's (Go's <c>json.Encoder</c>) does.
    /// </summary>
    public static void WriteBuffered(HttpResponse response, int statusCode, string contentType, ReadOnlyMemory<byte> body)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        var newline = body.Length > 0 && body.Span[^1] != (byte)'\n' && contentType.StartsWith("application/json", StringComparison.Ordinal);
        response.ContentLength = body.Length + (newline ? 1 : 0);
        if (body.Length > 0)
        {
            response.BodyWriter.Write(body.Span);
        }

        if (newline)
        {
            response.BodyWriter.Write("\n"u8);
        }
    }

    private static async Task WriteStreamAsync(HttpContext context, StreamingApiResponse streaming, CancellationToken serverStopping)
    {
        var response = context.Response;
        response.StatusCode = streaming.StatusCode;
        response.ContentType = streaming.ContentType;
        response.Headers.CacheControl = "no-cache, private";
        using var watchEnds = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        try
        {
            await response.StartAsync(watchEnds.Token);
            await response.BodyWriter.FlushAsync(watchEnds.Token);
            await foreach (var frame in streaming.Frames.WithCancellation(watchEnds.Token))
            {
                var flush = await response.BodyWriter.WriteAsync(frame, watchEnds.Token);
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (watchEnds.IsCancellationRequested)
        {
            // The client went away or the server is stopping: the watch simply ends.
        }
    }
}
