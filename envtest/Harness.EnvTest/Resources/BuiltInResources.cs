namespace Harness.EnvTest.Resources;

/// <summary>The built-in resources the embedded server serves from its start.</summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceDefinition> Create() =>
    [
        Core("namespaces", "namespace", "Namespace", namespaced: false, shortNames: ["ns"], hasStatus: true, strategy: new NamespaceStrategy(), nameIsLabel: true),
        Core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", namespaced: true, shortNames: ["pvc"], hasStatus: true, strategy: new PhaseStrategy("Pending")),
        Core("persistentvolumes", "persistentvolume", "PersistentVolume", namespaced: false, shortNames: ["pv"], hasStatus: true, strategy: new PhaseStrategy("Pending")),
        Core("pods", "pod", "Pod", namespaced: true, shortNames: ["po"], hasStatus: true, strategy: new PhaseStrategy("Pending"), categories: ["all"]),
        Core("events", "event", "Event", namespaced: true, shortNames: ["ev"]),
        Core("configmaps", "configmap", "ConfigMap", namespaced: true, shortNames: ["cm"]),
        Core("secrets", "secret", "Secret", namespaced: true, strategy: new SecretStrategy()),
        Grouped("events.k8s.io", "v1", "events", "event", "Event", namespaced: true, shortNames: ["ev"]),
        Grouped("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", namespaced: false, shortNames: ["sc"]),
        new ResourceDefinition
        {
            Group = "apiextensions.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "customresourcedefinitions",
            Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false,
            ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true,
            Generation = GenerationPolicy.Fields, GenerationFields = ["spec"],
        },
        Grouped("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", namespaced: true),
        Grouped("coordination.k8s.io", "v1", "leases", "lease", "Lease", namespaced: true),
        Grouped("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", namespaced: false, categories: ["api-extensions"], generationFields: ["webhooks"]),
        Grouped("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", namespaced: false, categories: ["api-extensions"], generationFields: ["webhooks"]),
        new ResourceDefinition
        {
            Group = "apiregistration.k8s.io", Version = "v1", StorageVersion = "v1", Plural = "apiservices",
            Singular = "apiservice", Kind = "APIService", Namespaced = false, Categories = ["api-extensions"], HasStatus = true,
        },
    ];

    private static ResourceDefinition Core(
        string plural, string singular, string kind, bool namespaced, IReadOnlyList<string>? shortNames = null, bool hasStatus = false,
        IResourceStrategy? strategy = null, bool nameIsLabel = false, IReadOnlyList<string>? categories = null) =>
        new()
        {
            Group = string.Empty, Version = "v1", StorageVersion = "v1", Plural = plural, Singular = singular, Kind = kind,
            Namespaced = namespaced, ShortNames = shortNames ?? [], HasStatus = hasStatus, Strategy = strategy,
            NameIsLabel = nameIsLabel, Categories = categories ?? [],
        };

    private static ResourceDefinition Grouped(
        string group, string version, string plural, string singular, string kind, bool namespaced,
        IReadOnlyList<string>? shortNames = null, IReadOnlyList<string>? categories = null, IReadOnlyList<string>? generationFields = null) =>
        new()
        {
            Group = group, Version = version, StorageVersion = version, Plural = plural, Singular = singular, Kind = kind,
            Namespaced = namespaced, ShortNames = shortNames ?? [], Categories = categories ?? [],
            Generation = generationFields is null ? GenerationPolicy.None : GenerationPolicy.Fields, GenerationFields = generationFields ?? [],
        };
}
