namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>What a protobuf request body can become for one kind.</summary>
internal enum ProtobufForm
{
    /// <summary>The kind's messages are known: the body is decoded into the JSON a client would have sent.</summary>
    Message,

    /// <summary>
    /// A custom resource: kube negotiates protobuf for it, but its decoder cannot fill an unstructured object, so a
    /// readable envelope answers 400.
    /// </summary>
    Unstructured,
}
