using Google.Protobuf;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Meta;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>The kinds whose protobuf encoding the server reads, by apiVersion and kind.</summary>
internal static class ProtobufKinds
{
    public const string DeleteOptionsKind = "DeleteOptions";

    // Each parser is made on first use: a message type's static set-up is not free, and most servers never read protobuf.
    private static readonly Dictionary<(string ApiVersion, string Kind), Func<MessageParser>> Parsers = new()
    {
        [("v1", "ConfigMap")] = () => ConfigMap.Parser,
        [("v1", "Secret")] = () => Secret.Parser,
        [("v1", "Namespace")] = () => Namespace.Parser,
        [("v1", "Pod")] = () => Pod.Parser,
    };

    /// <summary>What a protobuf body sent to <paramref name="def"/>'s resource becomes.</summary>
    public static ProtobufForm FormOf(ResourceDefinition def) =>
        def.IsCustom ? ProtobufForm.Unstructured : Parsers.ContainsKey((def.ApiVersion, def.Kind)) ? ProtobufForm.Message : ProtobufForm.Missing;

    /// <summary>
    /// The parser of the kind; DeleteOptions is read in any group version, as kube registers it in each. Null when
    /// the kind has no protobuf form here.
    /// </summary>
    public static MessageParser? Find(string apiVersion, string kind) =>
        kind == DeleteOptionsKind ? DeleteOptions.Parser : Parsers.GetValueOrDefault((apiVersion, kind))?.Invoke();
}
