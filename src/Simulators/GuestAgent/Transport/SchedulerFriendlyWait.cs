namespace Harness.Simulators.GuestAgent;

/// <summary>
/// Waits for a task or a cancellation where the waiter awaits. Not <see cref="Task.WaitAsync(CancellationToken)"/>:
/// when the task completes on a deep stack, its completion is queued to the thread pool without the waiter's
/// context, escaping a deterministic scheduler.
/// </summary>
internal static class SchedulerFriendlyWait
{
    public static async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource();
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            await await Task.WhenAny(task, cancelled.Task);
        }
    }
}
