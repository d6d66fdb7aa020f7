using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Reflectors;

/// <summary>
/// A watch read from the response of a <see cref="Kubernetes"/> client's own <see cref="Kubernetes.HttpClient"/> (its
/// handlers, credentials and base address), one JSON line per event, each deserialized once with
/// <see cref="KubernetesJson"/>, awaiting in the caller's context. KubernetesClient's own watch reader resumes after every
/// line it waited for through <c>Task.ContinueWith</c> on the thread pool, and reads custom objects as JSON elements
/// that are then deserialized again; under a step scheduler each such hop is a thread-pool round trip per event. Lines
/// are deserialized from their UTF-8 bytes (<see cref="KubernetesUtf8Json"/>), not through a string.
/// Errors are those of KubernetesClient's reader: an HTTP error status throws <see cref="HttpOperationException"/>, an
/// ERROR event goes to <c>onError</c> (if any) as a <see cref="KubernetesException"/>, a line that does not deserialize
/// goes to <c>onError</c> and is skipped.
/// </summary>
public static class StreamedWatch
{
    /// <summary>
    /// Watches <paramref name="path"/> (<c>api/v1/pods</c>, <c>apis/GROUP/VERSION/PLURAL</c>) from
    /// <paramref name="resourceVersion"/> (null or empty: from now, the current objects as ADDED events first).
    /// </summary>
    public static async IAsyncEnumerable<(WatchEventType Type, T Object)> ReadAsync<T>(
        Kubernetes client,
        string path,
        string? resourceVersion,
        bool bookmarks,
        Action<Exception>? onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var query = (bookmarks ? "?allowWatchBookmarks=true&" : "?") +
            (string.IsNullOrEmpty(resourceVersion) ? string.Empty : $"resourceVersion={Uri.EscapeDataString(resourceVersion)}&") + "watch=true";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path + query)) { Version = HttpVersion.Version20 };
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {text}")
            {
                Request = new HttpRequestMessageWrapper(request, string.Empty),
                Response = new HttpResponseMessageWrapper(response, text),
            };
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        var filled = 0;
        while (true)
        {
            var newline = buffer.AsSpan(0, filled).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                if (read == 0)
                {
                    yield break;
                }

                filled += read;
                continue;
            }

            var line = buffer.AsSpan(0, newline).Trim((byte)'\r');
            var decoded = line.IsEmpty ? null : Decode<T>(line, onError);
            buffer.AsSpan(newline + 1, filled - newline - 1).CopyTo(buffer);
            filled -= newline + 1;
            if (decoded is { } watchEvent)
            {
                yield return (watchEvent.Type, watchEvent.Object);
            }
        }
    }

    private static Watcher<T>.WatchEvent? Decode<T>(ReadOnlySpan<byte> line, Action<Exception>? onError)
    {
        try
        {
            if (IsError(line))
            {
                onError?.Invoke(new KubernetesException(KubernetesUtf8Json.Deserialize<Watcher<V1Status>.WatchEvent>(line)!.Object));
                return null;
            }

            return KubernetesUtf8Json.Deserialize<Watcher<T>.WatchEvent>(line);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            onError?.Invoke(e);
            return null;
        }
    }

    // The event's top-level "type" (the API server writes it first), without deserializing its object.
    private static bool IsError(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                return reader.Read() && reader.ValueTextEquals("ERROR"u8);
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }
}
