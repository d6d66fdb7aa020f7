using Grpc.Core;

namespace Harness.Simulators.Csi.InProcess;

/// <summary>A message copied through its marshaller: serialized to bytes and parsed back, as it would cross a socket.</summary>
internal static class WireCopy
{
    public static T Of<T>(Marshaller<T> marshaller, T message)
    {
        var serialization = new PayloadSerializationContext();
        marshaller.ContextualSerializer(message, serialization);
        return marshaller.ContextualDeserializer(new PayloadDeserializationContext(serialization.Payload ?? []));
    }
}
