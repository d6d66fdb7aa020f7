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

        return WriteResponseAsync(context, response, serverStopping);
    }

    private static Task WriteResponseAsync(HttpContext context, ApiResponse response, CancellationToken serverStopping) => response switch
    {
        BufferedApiResponse buffered => WriteBufferedAsync(context.Response, buffered.StatusCode, buffered.ContentType, buffered.Body, context.RequestAborted),
        StreamingApiResponse streaming => WriteStreamAsync(context, streaming, serverStopping),
        _ => throw new InvalidOperationException($"unknown response type {response.GetType().Name}"),
    };

    public static async Task WriteBufferedAsync(HttpResponse response, int statusCode, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (body.Length > 0)
        {
            await response.BodyWriter.WriteAsync(body, cancellationToken);
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
