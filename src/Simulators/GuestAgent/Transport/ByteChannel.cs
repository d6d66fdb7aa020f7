namespace Harness.Simulators.GuestAgent;

/// <summary>
/// One direction of an in-memory connection: bytes written on one end, read on the other, in order.
/// Waiters are woken outside the lock and without <c>RunContinuationsAsynchronously</c>, so no continuation
/// ever escapes to the thread pool: the reader resumes on the scheduler it awaited on.
/// </summary>
internal sealed class ByteChannel
{
    private readonly Lock gate = new();
    private readonly Queue<byte[]> chunks = new();
    private int headOffset;
    private bool completed;
    private TaskCompletionSource? waiting;

    public void Write(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource? wake;
        lock (gate)
        {
            if (completed)
            {
                throw new IOException("connection reset: the other end closed the stream");
            }

            if (data.IsEmpty)
            {
                return;
            }

            chunks.Enqueue(data.ToArray());
            wake = waiting;
            waiting = null;
        }

        wake?.TrySetResult();
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (chunks.Count > 0)
                {
                    var head = chunks.Peek();
                    var count = Math.Min(buffer.Length, head.Length - headOffset);
                    head.AsMemory(headOffset, count).CopyTo(buffer);
                    headOffset += count;
                    if (headOffset == head.Length)
                    {
                        chunks.Dequeue();
                        headOffset = 0;
                    }

                    return count;
                }

                if (completed || buffer.IsEmpty)
                {
                    return 0;
                }

                waiting ??= new TaskCompletionSource();
                wait = waiting.Task;
            }

            await SchedulerFriendlyWait.WaitAsync(wait, cancellationToken);
        }
    }

    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (gate)
        {
            completed = true;
            wake = waiting;
            waiting = null;
        }

        wake?.TrySetResult();
    }
}
