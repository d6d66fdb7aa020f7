namespace Harness.Simulators.GuestAgent;

/// <summary>
/// One end of an in-memory connection, the simulated stand-in for a Unix socket or virtio-serial channel.
/// Disposing an end is a hang-up: the other end reads end-of-stream and its writes fail with <see cref="IOException"/>.
/// </summary>
public sealed class InMemoryDuplexStream : Stream
{
    private readonly ByteChannel inbound;
    private readonly ByteChannel outbound;

    private InMemoryDuplexStream(ByteChannel inbound, ByteChannel outbound)
    {
        this.inbound = inbound;
        this.outbound = outbound;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Creates both ends of a connection.</summary>
    public static (InMemoryDuplexStream Client, InMemoryDuplexStream Server) CreatePair()
    {
        var toServer = new ByteChannel();
        var toClient = new ByteChannel();
        return (new InMemoryDuplexStream(toClient, toServer), new InMemoryDuplexStream(toServer, toClient));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inbound.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inbound.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        outbound.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => outbound.Write(buffer.AsSpan(offset, count));

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("in-memory streams are read asynchronously; blocking would stall the simulation");

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            outbound.Complete();
            inbound.Complete();
        }

        base.Dispose(disposing);
    }
}
