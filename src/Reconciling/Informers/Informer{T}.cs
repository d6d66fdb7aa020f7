using Harness.Reflectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Reconciling;

/// <summary>
/// A shared informer of one resource: a <see cref="Reflector{TKey, T}"/> (list, then watch from the list's
/// resourceVersion, resume, relist on 410 Gone, back off on errors) keyed <see cref="ObjectKey"/>, telling its
/// handlers which objects changed. Stopping (cancelling <see cref="RunAsync"/>) ends it quietly.
/// </summary>
public sealed class Informer<T>
    where T : class
{
    private readonly Reflector<ObjectKey, T> reflector;
    private readonly Lock gate = new();
    private readonly List<Action<T>> handlers = [];

    /// <summary>
    /// An informer of <paramref name="source"/> on <paramref name="time"/>; its backoff's jitter is drawn from
    /// <paramref name="random"/> (one source per informer: it is read on the informer's flow only).
    /// </summary>
    public Informer(ReflectorSource<ObjectKey, T> source, TimeProvider time, Random random, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        reflector = new Reflector<ObjectKey, T>(source, time, random.NextDouble, logger ?? NullLogger.Instance, Notify);
    }

    /// <summary>Completes after the first successful list.</summary>
    public Task Synced => reflector.Synced;

    /// <summary>
    /// Adds a handler called after each change with the new object, or with the last state of a deleted one.
    /// Handlers run on the informer's flow: they should only enqueue keys.
    /// </summary>
    public void OnChange(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (gate)
        {
            handlers.Add(handler);
        }
    }

    public T? Get(ObjectKey key) => reflector.Get(key);

    public IReadOnlyList<T> List() => reflector.List();

    public Task RunAsync(CancellationToken cancellationToken) => reflector.RunAsync(cancellationToken);

    private void Notify(IReadOnlyList<ReflectedChange<T>> changes)
    {
        Action<T>[] current;
        lock (gate)
        {
            current = [.. handlers];
        }

        foreach (var change in changes)
        {
            foreach (var handler in current)
            {
                handler(change.Latest);
            }
        }
    }
}
