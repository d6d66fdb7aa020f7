using Microsoft.Extensions.Logging;

namespace Harness.Reconciling;

/// <summary>
/// One worker: takes keys from a <see cref="WorkQueue{TKey}"/> and reconciles them; a success forgets the key's
/// back-off and requeues it after the delay the result asks for; an exception is logged, reported to
/// <c>onError</c> and backs the key off. Several loops may share a queue: it never hands out a key being processed.
/// Cancelling <see cref="RunAsync"/> ends the loop quietly.
/// </summary>
public sealed class ReconcileLoop<TKey>
    where TKey : notnull
{
    private readonly string name;
    private readonly WorkQueue<TKey> queue;
    private readonly Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile;
    private readonly ILogger logger;
    private readonly Action<TKey, Exception>? onError;

    public ReconcileLoop(
        string name,
        WorkQueue<TKey> queue,
        Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile,
        ILogger logger,
        Action<TKey, Exception>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconcile);
        ArgumentNullException.ThrowIfNull(logger);
        this.name = name;
        this.queue = queue;
        this.reconcile = reconcile;
        this.logger = logger;
        this.onError = onError;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TKey key;
            try
            {
                key = await queue.TakeAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var result = await reconcile(key, cancellationToken);
                queue.Forget(key);
                if (result.RequeueDelay is { } delay)
                {
                    queue.AddAfter(key, delay);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("{Controller} {Key}: {Error}; retrying with back-off", name, key, e.Message);
                onError?.Invoke(key, e);
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }
}
