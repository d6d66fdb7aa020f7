using System.Buffers;
using Grpc.Core;

namespace Harness.Simulators.Csi.InProcess;

/// <summary>Collects the bytes a gRPC marshaller writes for one message.</summary>
internal sealed class PayloadSerializationContext : SerializationContext
{
    private ArrayBufferWriter<byte>? writer;

    public byte[]? Payload { get; private set; }

    public override void Complete(byte[] payload) => Payload = payload;

    public override IBufferWriter<byte> GetBufferWriter() => writer ??= new ArrayBufferWriter<byte>();

    public override void SetPayloadLength(int payloadLength)
    {
    }

    public override void Complete() => Payload = writer?.WrittenSpan.ToArray() ?? [];
}
