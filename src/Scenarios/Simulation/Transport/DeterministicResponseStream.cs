using System.Threading.Tasks.Sources;
using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Simulation.Transport;

/// <summary>
/// A streamed response body (a watch) read by HttpClient/KubernetesClient under a <see cref="DeterministicScheduler"/>.
/// The inner stream is always read inside a scheduler step, so the server side's awaits resume as steps. How data the
/// reader had to wait for is handed over depends on how the reader awaits its read:
/// <list type="bullet">
/// <item>In the scheduler's context (a plain <c>await</c> in a step, as the informers' watch reader does): the reader
/// resumes in the step that received the data.</item>
/// <item>Without a context (<c>ConfigureAwait(false)</c>, or through a <see cref="Task"/>, as KubernetesClient's watch
/// reader does): in a boundary step. KubernetesClient's reader then continues through <c>Task.ContinueWith</c> on the
/// default scheduler, which always runs on the thread pool: that hop is declared, so the scheduler waits for the reader
/// to post its consumer back before it chooses the next step.</item>
/// </list>
/// </summary>
internal sealed class DeterministicResponseStream(Stream inner, DeterministicScheduler scheduler) : Stream, IValueTaskSource<int>
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private bool _ended;
    private Exception? _failure;
    private bool _disposed;

    // The read waiting for data (one at a time), a value-task source so that its awaiter says where it continues.
    private bool _waiting;
    private short _version;
    private Memory<byte> _waitingDestination;
    private CancellationToken _waitingCancellation;
    private bool _arrived;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private ExecutionContext? _continuationContext;
    private bool _continuesInStep;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_waiting)
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
            return waiting;
        }

        // In a boundary step or on the thread pool: the inner read must start inside a regular step.
        var pending = Wait(buffer, cancellationToken);
        scheduler.Post("response stream read", () => _ = PumpAsync(inner.ReadAsync(_buffer, _waitingCancellation)));
        return pending;
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

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token)
    {
        CheckToken(token);
        return !_arrived ? ValueTaskSourceStatus.Pending : _failure is null ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Faulted;
    }

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        CheckToken(token);
        _continuation = continuation;
        _continuationState = state;
        _continuationContext = (flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0 ? ExecutionContext.Capture() : null;
        _continuesInStep = (flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0 &&
            SynchronizationContext.Current is DeterministicSynchronizationContext;
        if (_arrived)
        {
            // Awaited after the data came: never resume the awaiter inside its own OnCompleted.
            if (_continuesInStep)
            {
                scheduler.Post("response stream data", Resume);
            }
            else
            {
                HandOver();
            }
        }
    }

    int IValueTaskSource<int>.GetResult(short token)
    {
        CheckToken(token);
        if (!_arrived)
        {
            throw new InvalidOperationException("The read of the response stream has not completed.");
        }

        _waiting = false;
        _arrived = false;
        _continuation = null;
        _continuationState = null;
        _continuationContext = null;
        _version++;
        return TakeBuffered(_waitingDestination);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private ValueTask<int> Wait(Memory<byte> destination, CancellationToken cancellationToken)
    {
        _waiting = true;
        _waitingDestination = destination;
        _waitingCancellation = cancellationToken;
        return new ValueTask<int>(this, _version);
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

        _arrived = true;
        if (_continuation is not null)
        {
            HandOver();
        }
    }

    // The data is there and the reader has said how it awaits: resume it here (in this regular step) or at a boundary.
    private void HandOver()
    {
        if (_continuesInStep)
        {
            Resume();
            return;
        }

        // A reader whose token was cancelled, or that disposed the stream (a cancelled watch, a crashed component), by the
        // time the data is delivered has already given up: no thread-pool hop follows.
        scheduler.PostAtBoundary("response stream data", Resume, expectThreadPoolHop: () => !_waitingCancellation.IsCancellationRequested && !_disposed);
    }

    private void Resume()
    {
        var continuation = _continuation!;
        var state = _continuationState;
        if (_continuationContext is { } context)
        {
            ExecutionContext.Run(context, static s => ((Action)s!)(), (Action)(() => continuation(state)));
        }
        else
        {
            continuation(state);
        }
    }

    private void CheckToken(short token)
    {
        if (token != _version)
        {
            throw new InvalidOperationException("The read of the response stream was awaited twice.");
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
