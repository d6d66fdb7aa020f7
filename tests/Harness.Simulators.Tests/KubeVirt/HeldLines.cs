namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>A read-only stream that passes the first <c>passed</c> lines of <c>inner</c>, then nothing more until <c>released</c> completes.</summary>
internal sealed class HeldLines(Stream inner, int passed, Task released, IDisposable owner) : Stream
{
    private readonly byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;
    private int lines;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (lines >= passed)
        {
            await released.WaitAsync(cancellationToken);
        }

        if (start == end)
        {
            start = 0;
            end = await inner.ReadAsync(buffer, cancellationToken);
            if (end == 0)
            {
                return 0;
            }
        }

        var count = Math.Min(destination.Length, end - start);
        if (lines < passed && !released.IsCompleted)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, count);
            if (newline >= 0)
            {
                count = newline - start + 1;
                lines++;
            }
        }

        buffer.AsMemory(start, count).CopyTo(destination);
        start += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read it asynchronously");

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
            inner.Dispose();
            owner.Dispose();
        }

        base.Dispose(disposing);
    }
}
