using System.Runtime.CompilerServices;
using Harness.Reflectors;
using k8s;
using k8s.Models;

namespace Harness.Reconciling.Tests.Informers;

/// <summary>
/// An <see cref="ReflectorSource{TKey, T}"/> of ConfigMaps that answers as the client does, from a script: each list
/// call takes the next answer (or failure); each watch call takes the next stream, which may end by reporting
/// an error through <c>onError</c> (as the client reports a 410 Gone). With no stream left, a watch stays open
/// until stopped, then fails as a cut connection does.
/// </summary>
internal sealed class ScriptedSource
{
    private readonly Queue<Func<(IReadOnlyList<V1ConfigMap>, string)>> lists = new();
    private readonly Queue<(IReadOnlyList<(WatchEventType, V1ConfigMap)> Events, Exception? Error)> watches = new();

    public ScriptedSource() => Source = new ReflectorSource<ObjectKey, V1ConfigMap>(
        "configmaps",
        _ => Task.FromResult(NextList()),
        Watch,
        ObjectKey.Of,
        c => c.Metadata.ResourceVersion);

    public ReflectorSource<ObjectKey, V1ConfigMap> Source { get; }

    public int Lists { get; private set; }

    /// <summary>The resourceVersion each watch started from, in order.</summary>
    public List<string> WatchedFrom { get; } = [];

    public static V1ConfigMap Map(string name, string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", ResourceVersion = resourceVersion } };

    public static V1ConfigMap Bookmark(string resourceVersion) => new() { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } };

    public ScriptedSource Listing(string resourceVersion, params V1ConfigMap[] items)
    {
        lists.Enqueue(() => (items, resourceVersion));
        return this;
    }

    public ScriptedSource ListFailing(Exception error)
    {
        lists.Enqueue(() => throw error);
        return this;
    }

    public ScriptedSource Watching(Exception? endsWith, params (WatchEventType, V1ConfigMap)[] events)
    {
        watches.Enqueue((events, endsWith));
        return this;
    }

    private (IReadOnlyList<V1ConfigMap>, string) NextList()
    {
        Lists++;
        return lists.Dequeue()();
    }

    private async IAsyncEnumerable<(WatchEventType, V1ConfigMap)> Watch(string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
    {
        WatchedFrom.Add(resourceVersion);
        if (watches.TryDequeue(out var stream))
        {
            foreach (var e in stream.Events)
            {
                await Task.Yield();
                yield return e;
            }

            if (stream.Error is not null)
            {
                onError(stream.Error);
            }

            yield break;
        }

        var stopped = new TaskCompletionSource();
        using (ct.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }

        if (ct.IsCancellationRequested)
        {
            throw new IOException("the watch stream was cut");
        }
    }
}
