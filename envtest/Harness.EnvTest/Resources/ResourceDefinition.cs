using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Resources;

/// <summary>One served resource in one group/version, with the rules its objects follow.</summary>
internal sealed class ResourceDefinition
{
    private readonly Type? storageModel;

    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public string ListKind => Kind + "List";

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Whether <c>/status</c> is a subresource (status kept apart from main-resource writes).</summary>
    public bool HasStatus { get; init; }

    /// <summary>The version objects are stored in; other served versions differ only in apiVersion.</summary>
    public required string StorageVersion { get; init; }

    /// <summary>Update without <c>metadata.resourceVersion</c> is unconditional (most built-ins) or 422 (custom resources).</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    public GenerationPolicy Generation { get; init; } = GenerationPolicy.None;

    /// <summary>Top-level fields whose change bumps the generation (with <see cref="GenerationPolicy.Fields"/>).</summary>
    public IReadOnlyList<string> GenerationFields { get; init; } = [];

    /// <summary>Names validated as an RFC 1123 label instead of a subdomain (namespaces).</summary>
    public bool NameIsLabel { get; init; }

    /// <summary>Names checked only as a path segment (no <c>/</c>, <c>%</c>, <c>.</c> or <c>..</c>), the strategy checking the rest (APIServices).</summary>
    public bool NameIsPathSegment { get; init; }

    /// <summary>True for resources defined by a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>
    /// For a custom resource, the revision at which its CRD last changed: objects written before it are pruned and defaulted
    /// by the current schema whenever they are read, as kube decodes every object it reads from etcd.
    /// </summary>
    public long SchemaRevision { get; init; }

    /// <summary>The validation schema of this version (custom resources only).</summary>
    public StructuralSchema? Schema { get; init; }

    /// <summary>Type-specific behaviour of built-ins; null for plain types and custom resources.</summary>
    public IResourceStrategy? Strategy { get; init; }

    /// <summary>The group whose storage this resource shares (events.k8s.io Events are stored as core Events); null: its own.</summary>
    public string? StorageGroup { get; init; }

    /// <summary>Conversion between this version and the stored form, when they differ in more than apiVersion.</summary>
    public IObjectConverter? Converter { get; init; }

    /// <summary>Where objects of this resource live in the store, shared by every version: <c>group/plural</c>.</summary>
    public string StorageKey => (StorageGroup ?? Group) + "/" + Plural;

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public string StorageApiVersion => (StorageGroup ?? Group) is { Length: > 0 } storageGroup ? storageGroup + "/" + StorageVersion : StorageVersion;

    /// <summary>
    /// The KubernetesClient model class of this version's Go type (<c>V1Pod</c>): what a body may hold at every depth; other
    /// fields are dropped on decode and reported by <c>fieldValidation</c>. Null: custom resources, pruned by their schema.
    /// </summary>
    public Type? Model { get; init; }

    /// <summary>The model class of the stored form: <see cref="Model"/> unless <see cref="Converter"/> renames fields.</summary>
    public Type? StorageModel
    {
        get => storageModel ?? Model;
        init => storageModel = value;
    }

    /// <summary>How the stored form is written: as a Go map (custom resources) or from the stored form's Go struct.</summary>
    public Serialization.ObjectEncoding Encoding => IsCustom ? Serialization.ObjectEncoding.Unstructured
        : StorageModel is { } model ? Serialization.ObjectEncoding.GoStruct(model) : Serialization.ObjectEncoding.AsWritten;

    /// <summary>How this version's form is written when a <see cref="Converter"/> makes it from the stored form.</summary>
    public Serialization.ObjectEncoding ServedEncoding => Model is { } model ? Serialization.ObjectEncoding.GoStruct(model) : Encoding;

    /// <summary>
    /// The <c>metav1.MicroTime</c> fields of the served form, as dotted paths: a body's values there must read as Go's
    /// RFC3339Micro layout and are stored in its UTC form (see <see cref="Serialization.MicroTimeJson"/>).
    /// </summary>
    public IReadOnlyList<string> MicroTimeFields { get; init; } = [];

    /// <summary>The printer columns of this version (custom resources), as the CRD declares them.</summary>
    public System.Text.Json.Nodes.JsonArray? PrinterColumns { get; init; }
}
