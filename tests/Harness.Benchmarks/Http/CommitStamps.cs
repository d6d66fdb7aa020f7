using System.Diagnostics;
using Harness.EnvTest.Requests;

namespace Harness.Benchmarks.Http;

/// <summary>
/// Wraps the API server core behind the HTTPS front and stamps each PUT: <see cref="Stopwatch.GetTimestamp"/> just
/// before the core handles it and just after it answers. The store commits (and queues the watch events) between
/// the two, so a delivery latency measured from the first stamp is an upper bound of the time from the commit.
/// </summary>
internal sealed class CommitStamps(IApiHandler inner, int capacity) : IApiHandler
{
    private readonly long[] before = new long[capacity];
    private readonly long[] after = new long[capacity];
    private int count;

    /// <summary>How many PUTs have been answered.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>The stamp taken before the core handled PUT number <paramref name="index"/> (0-based).</summary>
    public long Before(int index) => before[index];

    /// <summary>How long the core took to handle PUT number <paramref name="index"/>.</summary>
    public TimeSpan Handling(int index) => Stopwatch.GetElapsedTime(before[index], after[index]);

    public async ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (request.Method != "PUT")
        {
            return await inner.HandleAsync(request, cancellationToken);
        }

        // The benchmark's writer is sequential: PUT number n is the only one in flight.
        var index = Volatile.Read(ref count);
        before[index] = Stopwatch.GetTimestamp();
        var response = await inner.HandleAsync(request, cancellationToken);
        after[index] = Stopwatch.GetTimestamp();
        Volatile.Write(ref count, index + 1);
        return response;
    }
}
