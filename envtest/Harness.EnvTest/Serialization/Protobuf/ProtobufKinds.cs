using Google.Protobuf.Reflection;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Meta;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>The kinds whose protobuf encoding the server reads, by apiVersion and kind.</summary>
internal static class ProtobufKinds
{
    public const string DeleteOptionsKind = "DeleteOptions";

    // Each message type is loaded on first use: its static set-up is not free, and most servers never read protobuf.
    private static readonly Dictionary<(string ApiVersion, string Kind), Func<MessageDescriptor>> Messages = new()
    {
        [("v1", "ConfigMap")] = () => ConfigMap.Descriptor,
        [("v1", "Secret")] = () => Secret.Descriptor,
        [("v1", "Namespace")] = () => Namespace.Descriptor,
        [("v1", "Pod")] = () => Pod.Descriptor,
    };

    /// <summary>What a protobuf body sent to <paramref name="def"/>'s resource becomes.</summary>
    public static ProtobufForm FormOf(ResourceDefinition def) =>
        def.IsCustom ? ProtobufForm.Unstructured : Messages.ContainsKey((def.ApiVersion, def.Kind)) ? ProtobufForm.Message : ProtobufForm.Missing;

    /// <summary>
    /// The message of the kind; DeleteOptions is read in any group version, as kube registers it in each. Null when
    /// the kind has no protobuf form here.
    /// </summary>
    public static MessageDescriptor? Find(string apiVersion, string kind) =>
        kind == DeleteOptionsKind ? DeleteOptions.Descriptor : Messages.GetValueOrDefault((apiVersion, kind))?.Invoke();
}
