using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>The test CRD: widgets.example.com, v1 (storage) and v1beta1, namespaced, status subresource.</summary>
internal static class WidgetCrd
{
    public static V1CustomResourceDefinition Definition(string scope = "Namespaced") => new()
    {
        Metadata = new V1ObjectMeta { Name = "widgets.example.com" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "example.com",
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

    public static GenericClient Client(IKubernetes client, string version = "v1") => new(client, "example.com", version, "widgets", disposeClient: false);

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
