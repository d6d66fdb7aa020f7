using System.Runtime.CompilerServices;
using Harness.EnvTest.Requests;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// Stands in front of the API server for one client and holds back the watch events of one resource after the
/// first <c>passed</c> of each watch, until <see cref="Release"/>: that client's informer cache falls behind the
/// server for as long as a test needs.
/// </summary>
internal sealed class HeldWatch(IApiHandler server, string plural, int passed) : IApiHandler
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => released.TrySetResult();

    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var response = await server.HandleAsync(request, cancellationToken);
        return response is StreamingApiResponse watch && request.Path.EndsWith("/" + plural, StringComparison.Ordinal)
            ? new StreamingApiResponse(watch.ContentType, HoldAsync(watch.Frames))
            : response;
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> HoldAsync(
        IAsyncEnumerable<ReadOnlyMemory<byte>> frames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            if (count++ >= passed)
            {
                await released.Task.WaitAsync(cancellationToken);
            }

            yield return frame;
        }
    }
}
