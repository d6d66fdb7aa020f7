namespace Harness.EnvTest.InProcess;

/// <summary>A read-only stream over watch frames: reading pulls the next frame; disposing ends the watch.</summary>
internal sealed class FrameStream : Stream
{
    private readonly CancellationTokenSource closed = new();
    private readonly IAsyncEnumerator<ReadOnlyMemory<byte>> frames;
    private ReadOnlyMemory<byte> current;
    private bool finished;

    public FrameStream(IAsyncEnumerable<ReadOnlyMemory<byte>> frames) => this.frames = frames.GetAsyncEnumerator(closed.Token);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (current.IsEmpty)
        {
            if (finished)
            {
                return 0;
            }

            using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), closed);
            if (!await frames.MoveNextAsync())
            {
                finished = true;
                return 0;
            }

            current = frames.Current;
        }

        var count = Math.Min(buffer.Length, current.Length);
        current.Span[..count].CopyTo(buffer.Span);
        current = current[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("watch streams are read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !closed.IsCancellationRequested)
        {
            closed.Cancel();
            finished = true;
        }

        base.Dispose(disposing);
    }
}
