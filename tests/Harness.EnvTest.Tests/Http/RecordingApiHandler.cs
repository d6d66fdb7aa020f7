using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Harness.EnvTest.Requests;

namespace Harness.EnvTest.Tests.Http;

/// <summary>An <see cref="IApiHandler"/> that records requests and answers what the test set up.</summary>
internal sealed class RecordingApiHandler : IApiHandler
{
    public ConcurrentQueue<ApiRequest> Requests { get; } = new();

    public Func<ApiRequest, ApiResponse> Respond { get; set; } =
        _ => new BufferedApiResponse(200, "application/json", Encoding.UTF8.GetBytes("""{"kind":"Status","apiVersion":"v1","status":"Success"}"""));

    public ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return ValueTask.FromResult(Respond(request));
    }

    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadFrames(
        ChannelReader<string> frames, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var frame in frames.ReadAllAsync(cancellationToken))
        {
            yield return Encoding.UTF8.GetBytes(frame + "\n");
        }
    }
}
