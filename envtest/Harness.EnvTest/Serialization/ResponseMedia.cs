namespace Harness.EnvTest.Serialization;

/// <summary>The encodings kube-apiserver answers in, in the order it offers them.</summary>
internal enum ResponseMedia
{
    Json,
    Yaml,
    Protobuf,
}
