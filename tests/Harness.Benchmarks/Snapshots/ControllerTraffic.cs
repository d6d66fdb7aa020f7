using System.Collections.Concurrent;
using System.Diagnostics;

namespace Harness.Benchmarks.Snapshots;

/// <summary>
/// The snapshot controller's side of the wire: counts its API requests (reads, writes, watches and subresource calls)
/// and times, per VMI, its freeze call's start to its unfreeze call's end: the longest the guest can have been frozen
/// for that snapshot, as the controller sees it.
/// </summary>
internal sealed class ControllerTraffic : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, long> freezeStarted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> frozenFor = new(StringComparer.Ordinal);
    private long requests;

    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Freeze-to-thaw of each VMI (namespace/name) thawed since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<string, TimeSpan> FrozenFor => frozenFor;

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        freezeStarted.Clear();
        frozenFor.Clear();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        var (instance, action) = Subresource(request.RequestUri!.AbsolutePath);
        if (action == "freeze")
        {
            freezeStarted.TryAdd(instance!, Stopwatch.GetTimestamp());
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (action == "unfreeze" && response.IsSuccessStatusCode && freezeStarted.TryRemove(instance!, out var started))
        {
            frozenFor[instance!] = Stopwatch.GetElapsedTime(started);
        }

        return response;
    }

    /// <summary>The VMI and the action of a <c>subresources.kubevirt.io</c> call, from its path.</summary>
    private static (string? Instance, string? Action) Subresource(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is ["apis", "subresources.kubevirt.io", _, "namespaces", var ns, "virtualmachineinstances", var name, var action]
            ? ($"{ns}/{name}", action)
            : (null, null);
    }
}
