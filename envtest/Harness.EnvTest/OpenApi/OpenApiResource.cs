using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// One served resource version as the OpenAPI documents describe it: its group, version, kind and
/// plural, scope, verbs, subresources and, for custom resources, the CRD version's
/// <c>openAPIV3Schema</c> (null for built-in types, which get the harness's own definitions).
/// </summary>
public sealed record OpenApiResource(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Subresources,
    JsonObject? Schema)
{
    /// <summary><c>group/version</c>, or <c>version</c> for the core group.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The OpenAPI v3 path of the group version: <c>api/v1</c> or <c>apis/{group}/{version}</c>.</summary>
    public string V3Path => Group.Length == 0 ? "api/" + Version : "apis/" + Group + "/" + Version;

    /// <summary>Whether the resource is defined by a CustomResourceDefinition.</summary>
    public bool IsCustom => Schema is not null;

    /// <summary>The verbs every custom resource supports.</summary>
    public static IReadOnlyList<string> AllVerbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>One resource per served version of a CustomResourceDefinition (apiextensions.k8s.io/v1 JSON).</summary>
    /// <exception cref="FormatException">The object lacks the group, names or versions.</exception>
    public static IReadOnlyList<OpenApiResource> FromCustomResourceDefinition(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var spec = crd["spec"] as JsonObject ?? throw new FormatException("CustomResourceDefinition without spec");
        var group = Text(spec, "group");
        var names = spec["names"] as JsonObject ?? throw new FormatException("CustomResourceDefinition without spec.names");
        var namespaced = Text(spec, "scope") != "Cluster";
        var resources = new List<OpenApiResource>();
        foreach (var version in spec["versions"] as JsonArray ?? throw new FormatException("CustomResourceDefinition without spec.versions"))
        {
            if (version is not JsonObject v || v["served"] is not JsonValue served || served.GetValueKind() != JsonValueKind.True)
            {
                continue;
            }

            var subresources = v["subresources"] as JsonObject;
            resources.Add(new OpenApiResource(
                group,
                Text(v, "name"),
                Text(names, "kind"),
                Text(names, "plural"),
                namespaced,
                AllVerbs,
                subresources is null ? [] : subresources.Where(s => s.Key is "status" or "scale").Select(s => s.Key).ToArray(),
                v["schema"]?["openAPIV3Schema"] as JsonObject ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true }));
        }

        return resources;
    }

    private static string Text(JsonObject obj, string key)
        => obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new FormatException($"CustomResourceDefinition field {key} must be a string");
}
