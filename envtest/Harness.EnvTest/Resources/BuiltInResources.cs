using Harness.EnvTest.Validation;
using k8s.Models;

namespace Harness.EnvTest.Resources;

/// <summary>The built-in resources the embedded server serves from its start.</summary>
internal static class BuiltInResources
{
    /// <summary>The MicroTime fields of an Event, the same in core/v1 and events.k8s.io/v1.</summary>
    private static readonly string[] EventMicroTimes = ["eventTime", "series.lastObservedTime"];

    public static IReadOnlyList<ResourceDefinition> Create() =>
    [
        Core("namespaces", "namespace", "Namespace", namespaced: false, shortNames: ["ns"], hasStatus: true, strategy: new NamespaceStrategy(), nameIsLabel: true, model: typeof(V1Namespace)),
        Core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"], hasStatus: true, strategy: new PersistentVolumeClaimStrategy(), model: typeof(V1PersistentVolumeClaim)),
        Core("persistentvolumes", "persistentvolume", "PersistentVolume", namespaced: false, shortNames: ["pv"], hasStatus: true, strategy: new PersistentVolumeStrategy(), model: typeof(V1PersistentVolume)),
        Core("pods", "pod", "Pod", namespaced: true, shortNames: ["po"], hasStatus: true, strategy: new PodStrategy(), categories: ["all"], model: typeof(V1Pod)),
        Core("events", "event", "Event", namespaced: true, shortNames: ["ev"], strategy: EventStrategy.Core, model: typeof(Corev1Event), converter: CoreEventConverter.Instance, microTimes: EventMicroTimes),
        Core("configmaps", "configmap", "ConfigMap", namespaced: true, shortNames: ["cm"], strategy: new ValidatingStrategy(ConfigMapValidation.Validate), model: typeof(V1ConfigMap)),
        Core("secrets", "secret", "Secret", namespaced: true, strategy: new SecretStrategy(), model: typeof(V1Secret)),
        Grouped("events.k8s.io", "v1", "events", "event", "Event", namespaced: true, shortNames: ["ev"], strategy: EventStrategy.EventsV1, model: typeof(Eventsv1Event), storageModel: typeof(Corev1Event), converter: EventsV1EventConverter.Instance, storageGroup: string.Empty, microTimes: EventMicroTimes),
        Grouped("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", namespaced: false, shortNames: ["sc"], strategy: new ValidatingStrategy(StorageClassValidation.Validate), model: typeof(V1StorageClass)),
        new ResourceDefinition
        {
            Group = "apiextensions.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "customresourcedefinitions",
            Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false,
            ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true,
            Generation = GenerationPolicy.Fields, GenerationFields = ["spec"], Model = typeof(V1CustomResourceDefinition),
            Strategy = new ValidatingStrategy(CrdValidation.Validate, CrdDefaults.Apply, StatusMetadata.CoreFields),
        },
        Grouped("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", namespaced: true, strategy: new ValidatingStrategy(ControllerRevisionValidation.Validate), model: typeof(V1ControllerRevision)),
        Grouped("coordination.k8s.io", "v1", "leases", "lease", "Lease", namespaced: true, strategy: new ValidatingStrategy(LeaseValidation.Validate), model: typeof(V1Lease), microTimes: ["spec.acquireTime", "spec.renewTime"]),
        Grouped("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", namespaced: false, categories: ["api-extensions"], generationFields: ["webhooks"], strategy: new ValidatingStrategy(WebhookConfigurationValidation.ValidateValidating, WebhookConfigurationDefaults.Validating), model: typeof(V1ValidatingWebhookConfiguration)),
        Grouped("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", namespaced: false, categories: ["api-extensions"], generationFields: ["webhooks"], strategy: new ValidatingStrategy(WebhookConfigurationValidation.ValidateMutating, WebhookConfigurationDefaults.Mutating), model: typeof(V1MutatingWebhookConfiguration)),
        new ResourceDefinition
        {
            Group = "apiregistration.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "apiservices",
            Singular = "apiservice", Kind = "APIService", Namespaced = false, Categories = ["api-extensions"], HasStatus = true,
            Model = typeof(V1APIService), NameIsPathSegment = true, Strategy = new ValidatingStrategy(ApiServiceValidation.Validate, ApiServiceDefaults.Apply),
        },
    ];

    private static ResourceDefinition Core(
        string plural, string singular, string kind, bool namespaced, IReadOnlyList<string>? shortNames = null, bool hasStatus = false,
        IResourceStrategy? strategy = null, bool nameIsLabel = false, IReadOnlyList<string>? categories = null, Type? model = null,
        IObjectConverter? converter = null, IReadOnlyList<string>? microTimes = null) =>
        new()
        {
            Group = string.Empty, Version = "v1", StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
            Namespaced = namespaced, ShortNames = shortNames ?? [], HasStatus = hasStatus, Strategy = strategy,
            NameIsLabel = nameIsLabel, Categories = categories ?? [], Model = model, Converter = converter,
            MicroTimeFields = microTimes ?? [],
        };

    private static ResourceDefinition Grouped(
        string group, string version, string plural, string singular, string kind, bool namespaced,
        IReadOnlyList<string>? shortNames = null, IReadOnlyList<string>? categories = null, IReadOnlyList<string>? generationFields = null,
        Type? model = null, Type? storageModel = null, IObjectConverter? converter = null, string? storageGroup = null, IResourceStrategy? strategy = null,
        IReadOnlyList<string>? microTimes = null) =>
        new()
        {
            Group = group, Version = version, StorageVersion = version, Plural = plural, Singular = singular, Kind = kind,
            Namespaced = namespaced, Strategy = strategy, ShortNames = shortNames ?? [], Categories = categories ?? [],
            Generation = generationFields is null ? GenerationPolicy.None : GenerationPolicy.Fields, GenerationFields = generationFields ?? [],
            Model = model, StorageModel = storageModel, Converter = converter, StorageGroup = storageGroup,
            MicroTimeFields = microTimes ?? [],
        };
}
