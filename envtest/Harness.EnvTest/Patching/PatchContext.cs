using System.Text.Json.Nodes;

namespace Harness.EnvTest.Patching;

/// <summary>What <see cref="PatchApplier"/> needs to know about the request and the resource being patched.</summary>
public sealed record PatchContext
{
    /// <summary>The API group of the resource (empty for core/v1).</summary>
    public required string Group { get; init; }

    /// <summary>The version the request addresses (<c>v1</c>, <c>v1beta1</c>).</summary>
    public required string Version { get; init; }

    /// <summary>The kind of the resource (<c>ConfigMap</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// True for types compiled into kube-apiserver (strategic merge patch allowed, list merge keys
    /// from <see cref="BuiltInPatchMetadata"/>); false for custom resources.
    /// </summary>
    public required bool IsBuiltIn { get; init; }

    /// <summary>When the request happens, from the server's <see cref="TimeProvider"/>; stamped on managed fields entries.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The <c>fieldManager</c> query parameter, or null when absent.</summary>
    public string? FieldManager { get; init; }

    /// <summary>The <c>force</c> query parameter, or null when absent.</summary>
    public bool? Force { get; init; }

    /// <summary>The <c>User-Agent</c> header; names the manager of a non-apply change when <see cref="FieldManager"/> is absent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The subresource addressed (<c>status</c>), or null for the main resource.</summary>
    public string? Subresource { get; init; }

    /// <summary>
    /// Top-level fields the addressed endpoint resets, so nobody owns them through it: <c>status</c>
    /// on the main resource of a type with a status subresource, everything but <c>status</c> on
    /// <c>/status</c> (pass e.g. <c>spec</c>, <c>metadata</c>).
    /// </summary>
    public IReadOnlySet<string> ResetFields { get; init; } = new HashSet<string>();

    /// <summary>
    /// The custom resource version's <c>openAPIV3Schema</c>; its <c>x-kubernetes-list-type</c>,
    /// <c>x-kubernetes-list-map-keys</c> and <c>x-kubernetes-map-type</c> decide how server-side apply
    /// merges lists and maps. Null: every list is atomic and every map granular.
    /// </summary>
    public JsonObject? OpenApiV3Schema { get; init; }

    /// <summary>
    /// The fields of a built-in kind's Go type: a server-side apply configuration with others fails to convert to its typed
    /// form. Null: custom resources, whose schema prunes.
    /// </summary>
    internal FieldValidation.FieldShape? BuiltInFields { get; init; }

    /// <summary>
    /// The object a write leaves as kube's decoder sees it (a copy, defaulted: a built-in's Go struct as its encoder writes it, a
    /// Secret's <c>stringData</c> merged into <c>data</c>, a custom resource pruned); the field manager records fields from it. Null:
    /// the object as written.
    /// </summary>
    internal Func<JsonObject, JsonObject>? Decoded { get; init; }

    /// <summary>
    /// The kind's Go zero value, which kube's field manager compares a created object with: a field Go writes when unset (an
    /// Event's <c>source: {}</c>, <c>eventTime: null</c>) is no change. Null: an empty object (custom resources).
    /// </summary>
    internal JsonObject? ZeroObject { get; init; }

    /// <summary>The <c>apiVersion</c> string of the addressed version (<c>v1</c>, <c>apps/v1</c>).</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
