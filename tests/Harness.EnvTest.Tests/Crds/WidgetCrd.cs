using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>
/// The test CRD: widgets.example.com (or widgets in a group of a test's own), v1 (storage) and v1beta1, namespaced, status
/// subresource.
/// </summary>
internal static class WidgetCrd
{
    public const string Group = "example.com";

    public static V1CustomResourceDefinition Definition(string scope = "Namespaced", string group = Group) => new()
    {
        Metadata = new V1ObjectMeta { Name = "widgets." + group },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = group,
            Scope = scope,
            Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget", ShortNames = ["wd"], Categories = ["all"] },
            Versions =
            [
                Version("v1", storage: true),
                Version("v1beta1", storage: false),
            ],
        },
    };

    public static async Task InstallAsync(IKubernetes client, string scope = "Namespaced") =>
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition(scope));

    /// <summary>Creates the CRD in <paramref name="group"/> on <paramref name="cluster"/> and waits until its objects are served.</summary>
    public static async Task InstallAsync(ClusterScope cluster, string group, string scope = "Namespaced")
    {
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition(scope, group));
        var collection = scope == "Namespaced" ? $"/apis/{group}/v1/namespaces/{cluster.Namespace}/widgets" : $"/apis/{group}/v1/widgets";
        await Eventually.TrueAsync(async () => (await cluster.GetAsync(collection)).Code == 200, $"widgets.{group} served");
    }

    /// <summary>widgets.example.com on <paramref name="cluster"/>'s backend, installed by the first test of the collection that asks.</summary>
    public static Task SharedAsync(ClusterScope cluster) => cluster.SharedAsync("widgets.example.com", () => InstallAsync(cluster, Group));

    public static GenericClient Client(IKubernetes client, string version = "v1", string group = Group) => new(client, group, version, "widgets", disposeClient: false);

    private static V1CustomResourceDefinitionVersion Version(string name, bool storage) => new()
    {
        Name = name,
        Served = true,
        Storage = storage,
        Subresources = new V1CustomResourceSubresources { Status = new object() },
        Schema = new V1CustomResourceValidation
        {
            OpenAPIV3Schema = new V1JSONSchemaProps
            {
                Type = "object",
                Properties = new Dictionary<string, V1JSONSchemaProps>
                {
                    ["spec"] = new()
                    {
                        Type = "object",
                        Properties = new Dictionary<string, V1JSONSchemaProps>
                        {
                            ["size"] = new() { Type = "integer", Minimum = 1, DefaultProperty = 3 },
                            ["color"] = new() { Type = "string", EnumProperty = ["red", "blue"] },
                        },
                    },
                    ["status"] = new()
                    {
                        Type = "object",
                        Properties = new Dictionary<string, V1JSONSchemaProps> { ["phase"] = new() { Type = "string" } },
                    },
                },
            },
        },
    };
}
