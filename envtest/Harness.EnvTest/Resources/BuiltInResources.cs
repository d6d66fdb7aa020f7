namespace Harness.EnvTest.Resources;

/// <summary>The built-in resources the embedded server serves from its start.</summary>
internal static class BuiltInResources
{
    /// <summary>core/v1 Event's fields: both Event APIs check their bodies after conversion to this, the stored form.</summary>
    private static readonly string[] EventFields =
        ["involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance"];

    /// <summary>The MicroTime fields of an Event, the same in core/v1 and events.k8s.io/v1.</summary>
    private static readonly string[] EventMicroTimes = ["eventTime", "series.lastObservedTime"];

    public static IReadOnlyList<ResourceDefinition> Create() =>
    [
        Core("namespaces", "namespace", "Namespace", namespaced: false, shortNames: ["ns"], hasStatus: true, strategy: new NamespaceStrategy(), nameIsLabel: true, fields: ["spec", "status"]),
        Core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"], hasStatus: true, strategy: new PhaseStrategy("Pending"), fields: ["spec", "status"]),
        Core("persistentvolumes", "persistentvolume", "PersistentVolume", namespaced: false, shortNames: ["pv"], hasStatus: true, strategy: new PhaseStrategy("Pending"), fields: ["spec", "status"]),
        Core("pods", "pod", "Pod", namespaced: true, shortNames: ["po"], hasStatus: true, strategy: new PhaseStrategy("Pending"), categories: ["all"], fields: ["spec", "status"]),
        Core("events", "event", "Event", namespaced: true, shortNames: ["ev"], strategy: EventStrategy.Core, fields: EventFields, converter: CoreEventConverter.Instance, microTimes: EventMicroTimes),
        Core("configmaps", "configmap", "ConfigMap", namespaced: true, shortNames: ["cm"], fields: ["immutable", "data", "binaryData"]),
        Core("secrets", "secret", "Secret", namespaced: true, strategy: new SecretStrategy(), fields: ["immutable", "data", "stringData", "type"]),
        Grouped("events.k8s.io", "v1", "events", "event", "Event", namespaced: true, shortNames: ["ev"], strategy: EventStrategy.EventsV1, fields: EventFields, converter: EventsV1EventConverter.Instance, storageGroup: string.Empty, microTimes: EventMicroTimes),
        Grouped("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", namespaced: false, shortNames: ["sc"], fields: ["provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"]),
        new ResourceDefinition
        {
            Group = "apiextensions.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "customresourcedefinitions",
            Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false,
            ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true,
            Generation = GenerationPolicy.Fields, GenerationFields = ["spec"], KnownFields = new HashSet<string>(["spec", "status"], StringComparer.Ordinal),
        },
        Grouped("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", namespaced: true, fields: ["data", "revision"]),
        Grouped("coordination.k8s.io", "v1", "leases", "lease", "Lease", namespaced: true, fields: ["spec"], microTimes: ["spec.acquireTime", "spec.renewTime"]),
        Grouped("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", namespaced: false, categories: ["api-extensions"], generationFields: ["webhooks"], fields: ["webhooks"]),
        Grouped("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", namespaced: false, categories: ["api-extensions"], generationFields: ["webhooks"], fields: ["webhooks"]),
        new ResourceDefinition
        {
            Group = "apiregistration.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "apiservices",
            Singular = "apiservice", Kind = "APIService", Namespaced = false, Categories = ["api-extensions"], HasStatus = true,
            KnownFields = new HashSet<string>(["spec", "status"], StringComparer.Ordinal),
        },
    ];

    private static ResourceDefinition Core(
        string plural, string singular, string kind, bool namespaced, IReadOnlyList<string>? shortNames = null, bool hasStatus = false,
        IResourceStrategy? strategy = null, bool nameIsLabel = false, IReadOnlyList<string>? categories = null, IReadOnlyList<string>? fields = null,
        IObjectConverter? converter = null, IReadOnlyList<string>? microTimes = null) =>
        new()
        {
            Group = string.Empty, Version = "v1", StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
            Namespaced = namespaced, ShortNames = shortNames ?? [], HasStatus = hasStatus, Strategy = strategy,
            NameIsLabel = nameIsLabel, Categories = categories ?? [], KnownFields = fields?.ToHashSet(StringComparer.Ordinal), Converter = converter,
            MicroTimeFields = microTimes ?? [],
        };

    private static ResourceDefinition Grouped(
        string group, string version, string plural, string singular, string kind, bool namespaced,
        IReadOnlyList<string>? shortNames = null, IReadOnlyList<string>? categories = null, IReadOnlyList<string>? generationFields = null,
        IReadOnlyList<string>? fields = null, IObjectConverter? converter = null, string? storageGroup = null, IResourceStrategy? strategy = null,
        IReadOnlyList<string>? microTimes = null) =>
        new()
        {
            Group = group, Version = version, StorageVersion = version, Plural = plural, Singular = singular, Kind = kind,
            Namespaced = namespaced, Strategy = strategy, ShortNames = shortNames ?? [], Categories = categories ?? [],
            Generation = generationFields is null ? GenerationPolicy.None : GenerationPolicy.Fields, GenerationFields = generationFields ?? [],
            KnownFields = fields?.ToHashSet(StringComparer.Ordinal), Converter = converter, StorageGroup = storageGroup,
            MicroTimeFields = microTimes ?? [],
        };
}
