using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.OpenApi;

/// <summary>
/// The OpenAPI documents of what the server serves at one moment: built once per registry snapshot
/// (a CRD change makes a new snapshot, hence new documents) and shared by every request.
/// </summary>
internal sealed class RegistryOpenApiDocuments
{
    private readonly ConditionalWeakTable<RegistrySnapshot, OpenApiDocuments> _bySnapshot = [];

    public OpenApiDocuments For(RegistrySnapshot snapshot) => _bySnapshot.GetValue(snapshot, Build);

    private static OpenApiDocuments Build(RegistrySnapshot snapshot)
        => new(snapshot.Resources.Select(ToResource), ApiServerConstants.GitVersion);

    private static OpenApiResource ToResource(ResourceDefinition def) => new(
        def.Group,
        def.Version,
        def.Kind,
        def.Plural,
        def.Namespaced,
        def.Verbs,
        [.. (def.Strategy?.PartSubresources.Keys ?? []).Order(StringComparer.Ordinal), .. def.HasStatus ? (string[])["status"] : []],
        def.IsCustom ? def.Schema?.Source ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } : null);
}
