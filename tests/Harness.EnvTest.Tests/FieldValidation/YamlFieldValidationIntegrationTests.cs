using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// <c>fieldValidation</c> on <c>application/yaml</c> create and update bodies: repeated keys named by line in go-yaml's
/// words, then unknown fields in the order of the JSON kube converts the YAML to.
/// </summary>
public sealed class YamlFieldValidationIntegrationTests
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

    private static Dictionary<string, string> Validation(string directive) => new() { ["fieldValidation"] = directive };

    private static ValueTask<ApiResponse> SendYamlAsync(InProcessServer env, string method, string path, string yaml, string? directive = null) =>
        env.Server.HandleAsync(new ApiRequest
        {
            Method = method,
            Path = path,
            ContentType = "application/yaml",
            Body = Encoding.UTF8.GetBytes(yaml),
            Query = directive is null ? new Dictionary<string, string>() : Validation(directive),
        }, CancellationToken.None);

    [Fact]
    public async Task CreateYaml_StrictWithDuplicateAndUnknownFields_IsBadRequestAndStoresNothing()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "POST", "/api/v1/namespaces/default/configmaps", ConfigMapYaml, "application/yaml", query: Validation("Strict"));

        Assert.Equal(400, code);
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n"
            + "  line 5: key \"name\" already set in map\n  line 10: key \"a\" already set in map, unknown field \"metadata.colour\", unknown field \"spec\"",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task CreateYaml_DefaultIsWarn_WarnsPerLineThenPerUnknownFieldAndTheLastValueWins()
    {
        await using var env = new InProcessServer();

        var response = await SendYamlAsync(env, "POST", "/api/v1/namespaces/default/configmaps", ConfigMapYaml);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(
            ["line 5: key \"name\" already set in map", "line 10: key \"a\" already set in map", "unknown field \"metadata.colour\"", "unknown field \"spec\""],
            response.Warnings);
        Assert.Equal("2", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default")).Data["a"]);
    }

    [Fact]
    public async Task CreateYaml_IgnoreWithDuplicateKey_CreatesSilently()
    {
        await using var env = new InProcessServer();

        var response = await SendYamlAsync(env, "POST", "/api/v1/namespaces/default/configmaps", ConfigMapYaml, "Ignore");

        Assert.Equal((201, 0), (response.StatusCode, response.Warnings.Count));
    }

    [Fact]
    public async Task ReplaceYaml_StrictWithDuplicateKey_IsBadRequestAndKeepsTheObject()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, "default");

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "PUT", "/api/v1/namespaces/default/configmaps/c1", "metadata:\n  name: c1\ndata:\n  a: \"1\"\n  a: \"2\"\n", "application/yaml", query: Validation("Strict"));

        Assert.Equal(400, code);
        Assert.EndsWith("strict decoding error: yaml: unmarshal errors:\n  line 5: key \"a\" already set in map", JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.Equal("0", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default")).Data["a"]);
    }

    [Fact]
    public async Task CreateYaml_RepeatedNonStringKey_IsNamedBareAsGoPrintsIt()
    {
        await using var env = new InProcessServer();

        var response = await SendYamlAsync(env, "POST", "/api/v1/namespaces/default/configmaps", "metadata:\n  name: c1\n  labels:\n    1: a\n    1: b\n");

        Assert.Equal(["line 5: key 1 already set in map"], response.Warnings);
    }
}
