using Google.Protobuf.Reflection;
using Harness.EnvTest.Protos.AdmissionRegistration;
using Harness.EnvTest.Protos.ApiExtensions;
using Harness.EnvTest.Protos.ApiRegistration;
using Harness.EnvTest.Protos.Apps;
using Harness.EnvTest.Protos.Coordination;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Meta;
using Harness.EnvTest.Protos.Storage;
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
        [("v1", "PersistentVolumeClaim")] = () => PersistentVolumeClaim.Descriptor,
        [("v1", "PersistentVolume")] = () => PersistentVolume.Descriptor,
        [("v1", "Event")] = () => Event.Descriptor,
        [("events.k8s.io/v1", "Event")] = () => Protos.Events.Event.Descriptor,
        [("storage.k8s.io/v1", "StorageClass")] = () => StorageClass.Descriptor,
        [("apps/v1", "ControllerRevision")] = () => ControllerRevision.Descriptor,
        [("coordination.k8s.io/v1", "Lease")] = () => Lease.Descriptor,
        [("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration")] = () => ValidatingWebhookConfiguration.Descriptor,
        [("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration")] = () => MutatingWebhookConfiguration.Descriptor,
        [("apiregistration.k8s.io/v1", "APIService")] = () => APIService.Descriptor,
        [("apiextensions.k8s.io/v1", "CustomResourceDefinition")] = () => CustomResourceDefinition.Descriptor,
    };

    /// <summary>What a protobuf body sent to <paramref name="def"/>'s resource becomes: every built-in kind has its messages here.</summary>
    public static ProtobufForm FormOf(ResourceDefinition def) => def.IsCustom ? ProtobufForm.Unstructured : ProtobufForm.Message;

    /// <summary>
    /// The message of the kind; DeleteOptions is read in any group version, as kube registers it in each. Null when
    /// the kind has no protobuf form here.
    /// </summary>
    public static MessageDescriptor? Find(string apiVersion, string kind) =>
        kind == DeleteOptionsKind ? DeleteOptions.Descriptor : Messages.GetValueOrDefault((apiVersion, kind))?.Invoke();
}
