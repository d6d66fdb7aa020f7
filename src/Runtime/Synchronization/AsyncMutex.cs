namespace Harness.Runtime.Synchronization;

/// <summary>
/// A mutual-exclusion lock for async code that keeps every continuation where its waiter awaited. Not
/// <see cref="SemaphoreSlim"/>: its waits complete with <c>RunContinuationsAsynchronously</c>, and a cancellable
/// wait goes through <see cref="Task.WaitAsync(CancellationToken)"/> with <c>ConfigureAwait(false)</c>, so part of
/// the wait runs on the thread pool and escapes a deterministic scheduler. Waiters are served first come, first
/// served; the lock is handed to the next waiter on release, outside the internal gate.
/// </summary>
public sealed class AsyncMutex
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource> waiters = new();
    private bool held;

    /// <summary>Takes the lock if it is free.</summary>
    /// <returns><see langword="true"/> when the caller now holds the lock and must <see cref="Release"/> it.</returns>
    public bool TryAcquire()
    {
        lock (gate)
        {
            if (held)
            {
                return false;
            }

            held = true;
            return true;
        }
    }

    /// <summary>Waits for the lock; the caller then holds it and must <see cref="Release"/> it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource turn;
        LinkedListNode<TaskCompletionSource> node;
        lock (gate)
        {
            if (!held)
            {
                held = true;
                return;
            }

            turn = new TaskCompletionSource();
            node = waiters.AddLast(turn);
        }

        using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            await turn.Task;
        }
    }

    /// <summary>Releases the lock, handing it to the longest waiter if there is one.</summary>
    public void Release()
    {
        TaskCompletionSource next;
        lock (gate)
        {
            if (!held)
            {
                throw new InvalidOperationException("The mutex is not held.");
            }

            if (waiters.First is not { } first)
            {
                held = false;
                return;
            }

            waiters.RemoveFirst();
            next = first.Value;
        }

        // A waiter still in the list has not been cancelled: Abandon removes it before cancelling.
        next.TrySetResult();
    }

    private void Abandon(LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (node.List is null)
            {
                return;
            }

            waiters.Remove(node);
        }

        node.Value.TrySetCanceled(cancellationToken);
    }
}
