using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// <c>fieldValidation</c> on <c>application/yaml</c> create and update bodies: repeated keys named by line in go-yaml's
/// words, then unknown fields in the order of the JSON kube converts the YAML to.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class YamlFieldValidationIntegrationTests(ClusterFixture clusters)
{
    private const string ConfigMapYaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c1
          name: c1
          colour: blue
        spec: {}
        data:
          a: "1"
          a: "2"
        """;

    private static string ConfigMaps(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/configmaps";

    private static Task<(int Code, string Body, string[] Warnings)> CreateYamlAsync(ClusterScope cluster, string yaml, string? directive = null) =>
        cluster.SendWithWarningsAsync(HttpMethod.Post, directive is null ? ConfigMaps(cluster) : ConfigMaps(cluster) + "?fieldValidation=" + directive, yaml, "application/yaml");

    [SkippableTheory, Backends]
    public async Task CreateYaml_StrictWithDuplicateAndUnknownFields_IsBadRequestAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body, _) = await CreateYamlAsync(cluster, ConfigMapYaml, "Strict");

        Assert.Equal(400, code);
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n"
            + "  line 5: key \"name\" already set in map\n  line 10: key \"a\" already set in map, unknown field \"metadata.colour\", unknown field \"spec\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task CreateYaml_DefaultIsWarn_WarnsPerLineThenPerUnknownFieldAndTheLastValueWins(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateYamlAsync(cluster, ConfigMapYaml);

        Assert.Equal(201, response.Code);
        Assert.Equal(
            new[] { "line 5: key \"name\" already set in map", "line 10: key \"a\" already set in map", "unknown field \"metadata.colour\"", "unknown field \"spec\"" }.Select(WarningHeader.Of),
            response.Warnings);
        Assert.Equal("2", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace)).Data["a"]);
    }

    [SkippableTheory, Backends]
    public async Task CreateYaml_IgnoreWithDuplicateKey_CreatesSilently(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateYamlAsync(cluster, ConfigMapYaml, "Ignore");

        Assert.Equal((201, 0), (response.Code, response.Warnings.Length));
    }

    [SkippableTheory, Backends]
    public async Task ReplaceYaml_StrictWithDuplicateKey_IsBadRequestAndKeepsTheObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, cluster.Namespace);

        var (code, body) = await cluster.SendAsync(
            HttpMethod.Put, ConfigMaps(cluster) + "/c1?fieldValidation=Strict", "metadata:\n  name: c1\ndata:\n  a: \"1\"\n  a: \"2\"\n", "application/yaml");

        Assert.Equal(400, code);
        Assert.EndsWith("strict decoding error: yaml: unmarshal errors:\n  line 5: key \"a\" already set in map", JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.Equal("0", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace)).Data["a"]);
    }

    [SkippableTheory, Backends]
    public async Task CreateYaml_RepeatedNonStringKey_IsNamedBareAsGoPrintsIt(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var response = await CreateYamlAsync(cluster, "metadata:\n  name: c1\n  labels:\n    1: a\n    1: b\n");

        Assert.Equal([WarningHeader.Of("line 5: key 1 already set in map")], response.Warnings);
    }
}
