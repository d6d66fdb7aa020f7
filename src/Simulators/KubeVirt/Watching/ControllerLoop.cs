using Harness.Simulators.KubeVirt.Objects;

namespace Harness.Simulators.KubeVirt.Watching;

/// <summary>
/// Takes keys from a <see cref="WorkQueue"/> one at a time and reconciles them; an exception backs the
/// key off, a requested delay re-adds it on the clock.
/// </summary>
internal sealed class ControllerLoop
{
    private readonly WorkQueue queue;
    private readonly Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile;
    private readonly Action<ObjectKey, Exception> onError;

    public ControllerLoop(
        WorkQueue queue,
        Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile,
        Action<ObjectKey, Exception> onError)
    {
        this.queue = queue;
        this.reconcile = reconcile;
        this.onError = onError;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey key;
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
                if (result.RequeueAfter is { } delay)
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
                onError(key, e);
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }
}
