using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using k8s;

namespace Harness.Benchmarks.Http;

/// <summary>
/// A watch client with fewer copies than KubernetesClient's: its own HTTPS connection (HTTP/2, as KubernetesClient
/// asks for), the chunked body read through a <see cref="PipeReader"/>, each line decoded from UTF-8 straight into a
/// typed event (KubernetesClient reads each line into a UTF-16 string first, then decodes that string).
/// </summary>
internal sealed class DecodingWatcher(KubernetesClientConfiguration config) : IDisposable
{
    private readonly HttpClient client = BearerTokenHttpClient.Create(config, Timeout.InfiniteTimeSpan);

    /// <summary>Watches <paramref name="path"/> (a collection URL) and hands each decoded event to <paramref name="received"/>.</summary>
    public async Task RunAsync(string path, Action<SnapshotWatchEvent> received, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "?watch=true") { Version = HttpVersion.Version20 };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    received(Decode(buffer.Slice(0, end)));
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    public void Dispose() => client.Dispose();

    private static SnapshotWatchEvent Decode(ReadOnlySequence<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        return JsonSerializer.Deserialize<SnapshotWatchEvent>(ref reader) ?? throw new JsonException("a watch line that is null");
    }
}
