using System.Collections.Concurrent;
using System.Diagnostics;

namespace Harness.Benchmarks.Snapshots;

/// <summary>
/// The snapshot controller's side of the wire: counts its API requests (reads, writes, watches and subresource calls)
/// and times, per VMI, its freeze call's start to its unfreeze call's end: the longest the guest can have been frozen
/// for that snapshot, as the controller sees it. Keeps every exchange since the last <see cref="Reset"/> (watches end
/// when their stream does), for a timeline.
/// </summary>
internal sealed class ControllerTraffic : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, long> freezeStarted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> frozenFor = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exchange> exchanges = new();
    private long requests;

    public long Requests => Interlocked.Read(ref requests);

    /// <summary>When the last <see cref="Reset"/> happened, on the <see cref="Stopwatch"/> and on the wall clock.</summary>
    public (long Timestamp, DateTimeOffset Wall) Started { get; private set; } = (Stopwatch.GetTimestamp(), TimeProvider.System.GetUtcNow());

    /// <summary>The requests answered since the last <see cref="Reset"/>, in the order they were answered.</summary>
    public IReadOnlyCollection<Exchange> Exchanges => exchanges;

    /// <summary>Freeze-to-thaw of each VMI (namespace/name) thawed since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<string, TimeSpan> FrozenFor => frozenFor;

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        freezeStarted.Clear();
        frozenFor.Clear();
        exchanges.Clear();
        Started = (Stopwatch.GetTimestamp(), TimeProvider.System.GetUtcNow());
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        var (instance, action) = Subresource(request.RequestUri!.AbsolutePath);
        var start = Stopwatch.GetTimestamp();
        if (action == "freeze")
        {
            freezeStarted.TryAdd(instance!, start);
        }

        var response = await base.SendAsync(request, cancellationToken);
        exchanges.Enqueue(new Exchange(start, Stopwatch.GetTimestamp(), request.Method.Method, request.RequestUri.AbsolutePath, (int)response.StatusCode));
        if (action == "unfreeze" && response.IsSuccessStatusCode && freezeStarted.TryRemove(instance!, out var started))
        {
            frozenFor[instance!] = Stopwatch.GetElapsedTime(started);
        }

        return response;
    }

    /// <summary>One request: its <see cref="Stopwatch"/> start and end (the response's headers), method, path and status code.</summary>
    public sealed record Exchange(long Start, long End, string Method, string Path, int Status);

    /// <summary>The VMI and the action of a <c>subresources.kubevirt.io</c> call, from its path.</summary>
    private static (string? Instance, string? Action) Subresource(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is ["apis", "subresources.kubevirt.io", _, "namespaces", var ns, "virtualmachineinstances", var name, var action]
            ? ($"{ns}/{name}", action)
            : (null, null);
    }
}
