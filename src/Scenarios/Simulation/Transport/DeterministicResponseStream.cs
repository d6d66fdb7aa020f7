using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Simulation.Transport;

/// <summary>
/// A streamed response body (a watch) read by HttpClient/KubernetesClient under a <see cref="DeterministicScheduler"/>.
/// The inner stream is always read inside a scheduler step, so the server side's awaits resume as steps; data the
/// reader had to wait for is handed over in a boundary step. KubernetesClient's watch reader then continues through
/// <c>Task.ContinueWith</c> on the default scheduler, which always runs on the thread pool: that hop is declared, so
/// the scheduler waits for the reader to post its consumer back before it chooses the next step.
/// </summary>
internal sealed class DeterministicResponseStream(Stream inner, DeterministicScheduler scheduler) : Stream
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private bool _ended;
    private Exception? _failure;
    private TaskCompletionSource<int>? _waiting;
    private Memory<byte> _waitingDestination;
    private CancellationToken _waitingCancellation;
    private bool _disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_waiting is not null)
        {
            throw new InvalidOperationException("A read is already pending on this response stream.");
        }

        if (_end > _start || _ended || _failure is not null || buffer.IsEmpty)
        {
            return new ValueTask<int>(TakeBuffered(buffer));
        }

        if (SynchronizationContext.Current is DeterministicSynchronizationContext)
        {
            var read = inner.ReadAsync(_buffer, cancellationToken);
            if (read.IsCompleted)
            {
                Fill(read);
                return new ValueTask<int>(TakeBuffered(buffer));
            }

            var waiting = Wait(buffer, cancellationToken);
            _ = PumpAsync(read);
            return new ValueTask<int>(waiting);
        }

        // In a boundary step or on the thread pool: the inner read must start inside a regular step.
        var pending = Wait(buffer, cancellationToken);
        scheduler.Post("response stream read", () => _ = PumpAsync(inner.ReadAsync(_buffer, _waitingCancellation)));
        return new ValueTask<int>(pending);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Response streams under the deterministic scheduler are read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private Task<int> Wait(Memory<byte> destination, CancellationToken cancellationToken)
    {
        _waiting = new TaskCompletionSource<int>();
        _waitingDestination = destination;
        _waitingCancellation = cancellationToken;
        return _waiting.Task;
    }

    private async Task PumpAsync(ValueTask<int> read)
    {
        try
        {
            Fill(await read);
        }
        catch (Exception error)
        {
            _failure = error;
        }

        // A reader whose token was cancelled, or that disposed the stream (a cancelled watch, a crashed component), by the
        // time the data is delivered has already given up: no thread-pool hop follows.
        scheduler.PostAtBoundary("response stream data", Deliver, expectThreadPoolHop: () => !_waitingCancellation.IsCancellationRequested && !_disposed);
    }

    private void Deliver()
    {
        var waiting = _waiting!;
        _waiting = null;
        if (_failure is { } failure)
        {
            waiting.SetException(failure);
        }
        else
        {
            waiting.SetResult(TakeBuffered(_waitingDestination));
        }
    }

#pragma warning disable RS0030 // called only with a completed read: its result does not block
    private void Fill(ValueTask<int> completedRead) => Fill(completedRead.Result);
#pragma warning restore RS0030

    private void Fill(int count)
    {
        _start = 0;
        _end = count;
        _ended = count == 0;
    }

    private int TakeBuffered(Memory<byte> destination)
    {
        if (_failure is { } failure)
        {
            throw new IOException("The in-process response stream failed.", failure);
        }

        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(destination.Span);
        _start += count;
        return count;
    }
}
