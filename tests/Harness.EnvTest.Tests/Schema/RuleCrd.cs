using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;

namespace Harness.EnvTest.Tests.Schema;

/// <summary>
/// A namespaced CRD of a test's own (<c>things.{namespace}.example.com</c>, v1) whose <c>spec</c> schema the test writes as
/// JSON, and the raw requests for its objects: the bodies stay exactly as written, whatever KubernetesClient would make of them.
/// </summary>
internal sealed class RuleCrd(ClusterScope cluster, string group)
{
    public string Group { get; } = group;

    public string Name => "things." + Group;

    public string Collection => $"/apis/{Group}/v1/namespaces/{cluster.Namespace}/things";

    /// <summary>Creates the CRD with <paramref name="specSchema"/> (JSON) for <c>spec</c> and waits until its objects are served.</summary>
    public static async Task<RuleCrd> InstallAsync(ClusterScope cluster, string specSchema, string? rootRules = null)
    {
        var crd = new RuleCrd(cluster, cluster.Namespace + ".example.com");
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd.Definition(specSchema, rootRules));
        Assert.True(code == 201, body);
        await Eventually.TrueAsync(async () => (await cluster.GetAsync(crd.Collection)).Code == 200, crd.Name + " served");
        return crd;
    }

    /// <summary>The CRD's JSON, for tests of what the CRD itself may say.</summary>
    public string Definition(string specSchema, string? rootRules = null) => new JsonObject
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = Name },
        ["spec"] = new JsonObject
        {
            ["group"] = Group,
            ["scope"] = "Namespaced",
            ["names"] = new JsonObject { ["plural"] = "things", ["singular"] = "thing", ["kind"] = "Thing", ["listKind"] = "ThingList" },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = Root(specSchema, rootRules),
                },
            }),
        },
    }.ToJsonString();

    private static JsonObject Root(string specSchema, string? rootRules)
    {
        var root = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["spec"] = JsonNode.Parse(specSchema),
                ["status"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            },
        };
        if (rootRules is not null)
        {
            root["x-kubernetes-validations"] = JsonNode.Parse(rootRules);
        }

        return root;
    }

    /// <summary>Creates a Thing named <paramref name="name"/> with <paramref name="spec"/> (JSON).</summary>
    public Task<(int Code, string Body)> CreateAsync(string name, string spec) =>
        cluster.SendAsync(HttpMethod.Post, Collection, Thing(name, spec));

    /// <summary>Merge-patches the Thing's spec with <paramref name="spec"/> (JSON).</summary>
    public Task<(int Code, string Body)> PatchSpecAsync(string name, string spec) =>
        cluster.SendAsync(HttpMethod.Patch, $"{Collection}/{name}", $$"""{"spec":{{spec}}}""", "application/merge-patch+json");

    /// <summary><see cref="PatchSpecAsync"/>, with the response's <c>Warning</c> headers.</summary>
    public Task<(int Code, string Body, string[] Warnings)> PatchSpecWithWarningsAsync(string name, string spec) =>
        cluster.SendWithWarningsAsync(HttpMethod.Patch, $"{Collection}/{name}", $$"""{"spec":{{spec}}}""", "application/merge-patch+json");

    /// <summary>The names of the Things stored.</summary>
    public async Task<string[]> NamesAsync()
    {
        var (code, body) = await cluster.GetAsync(Collection);
        Assert.True(code == 200, body);
        return JsonNode.Parse(body)!["items"]!.AsArray().Select(item => (string)item!["metadata"]!["name"]!).ToArray();
    }

    /// <summary>Replaces the CRD's <c>spec</c> schema with <paramref name="specSchema"/> (JSON).</summary>
    public async Task ReplaceSpecSchemaAsync(string specSchema)
    {
        var path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + Name;
        var crd = JsonNode.Parse((await cluster.GetAsync(path)).Body)!;
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"] = JsonNode.Parse(specSchema);
        var (code, body) = await cluster.SendAsync(HttpMethod.Put, path, crd.ToJsonString());
        Assert.True(code == 200, body);
    }

    /// <summary>Polls <paramref name="condition"/> (a real kube-apiserver applies a CRD change a moment later) for up to 10 s.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the condition did not hold within 10 s");
    }

    public async ValueTask DeleteAsync() =>
        await cluster.SendAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + Name);

    private string Thing(string name, string spec) => $$"""{"apiVersion":"{{Group}}/v1","kind":"Thing","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";
}
