using System.Buffers;
using Grpc.Core;

namespace Harness.Simulators.Csi.InProcess;

/// <summary>Hands one message's bytes to a gRPC marshaller.</summary>
internal sealed class PayloadDeserializationContext(byte[] payload) : DeserializationContext
{
    public override int PayloadLength => payload.Length;

    public override byte[] PayloadAsNewBuffer() => payload.ToArray();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
}
