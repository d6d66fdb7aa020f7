using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Kubernetes;

/// <summary>One worker: takes keys from a <see cref="WorkQueue"/>, reconciles them, requeues as the result says, backs off on errors.</summary>
internal sealed class ReconcileLoop(string name, WorkQueue queue, Func<string, CancellationToken, Task<ReconcileResult>> reconcile, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            string key;
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
                logger.LogWarning("{Controller} {Key}: {Error}; retrying with backoff", name, key, e.Message);
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }
}
