using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// Values of the wrong JSON type in built-in kinds, answered with the error kube-apiserver's decoding into their Go types gives:
/// 400 on create and update whatever <c>fieldValidation</c> says, 422 on a patch whose result has one, and nothing stored.
/// </summary>
public sealed class BuiltInTypeMismatchIntegrationTests
{
    private const string PodsPath = "/api/v1/namespaces/default/pods";

    private static string Pod(string spec) => $$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1"},"spec":{{spec}}}""";

    private static async Task<string> BadRequestMessageAsync(InProcessServer env, string path, string body, Dictionary<string, string>? query = null)
    {
        var (code, _, response) = await RawRequests.SendAsync(env.Server, "POST", path, body, query: query);
        Assert.Equal(400, code);
        var status = JsonNode.Parse(response)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        return status["message"]!.GetValue<string>();
    }

    [Fact]
    public async Task CreatePod_StringWhereListBelongs_IsBadRequestAndStoresNothing()
    {
        await using var env = new InProcessServer();

        var message = await BadRequestMessageAsync(env, PodsPath, Pod("""{"containers":"nginx"}"""), new() { ["fieldValidation"] = "Ignore" });

        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
            message);
        Assert.Empty((await env.Client.CoreV1.ListNamespacedPodAsync("default")).Items);
    }

    [Fact]
    public async Task CreatePod_SeveralWrongTypes_ReportsTheFirstInDocumentOrder()
    {
        await using var env = new InProcessServer();

        var message = await BadRequestMessageAsync(env, PodsPath, Pod("""{"hostname":5,"containers":"nginx"}"""));

        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.hostname of type string", message);
    }

    [Fact]
    public async Task CreatePodYaml_SeveralWrongTypes_ReportsTheFirstInKeyOrder()
    {
        await using var env = new InProcessServer();
        const string Yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  hostname: 5\n  containers: nginx\n";

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", PodsPath, Yaml, contentType: "application/yaml");

        Assert.Equal(400, code);
        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreatePod_OwnDecoderFailsAfterAnEarlierWrongType_ReportsTheOwnDecodersError()
    {
        await using var env = new InProcessServer();

        var message = await BadRequestMessageAsync(env, PodsPath, Pod("""{"hostname":5,"containers":[{"name":"c","image":"nginx","livenessProbe":{"tcpSocket":{"port":1.5}}}]}"""));

        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go value of type int32", message);
    }

    [Theory]
    [InlineData("\"80\"", "string")]
    [InlineData("80.5", "number 80.5")]
    [InlineData("4294967296", "number 4294967296")]
    [InlineData("true", "bool")]
    public async Task CreatePod_WrongValueInInt32Field_NamesTheInnermostStructAndTheFieldPath(string value, string described)
    {
        await using var env = new InProcessServer();

        var message = await BadRequestMessageAsync(env, PodsPath, Pod($$"""{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":{{value}}}]}]}"""));

        Assert.Equal(
            $"Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal {described} into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
            message);
    }

    [Fact]
    public async Task CreateConfigMap_NumberAsDataValue_IsBadRequestNamingTheMap()
    {
        await using var env = new InProcessServer();

        var message = await BadRequestMessageAsync(env, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":"x","b":1}}""");

        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string", message);
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task CreatePod_IntOrStringTakesStringOrInteger_ButNotAnObject()
    {
        await using var env = new InProcessServer();
        static string Probe(string name, string port) =>
            Pod("""{"containers":[{"name":"c","image":"nginx","readinessProbe":{"httpGet":{"port":""" + port + """}}},{"name":"d","image":"nginx","livenessProbe":{"tcpSocket":{"port":8080}}}]}""")
                .Replace("p1", name, StringComparison.Ordinal);

        var (code, _, _) = await RawRequests.SendAsync(env.Server, "POST", PodsPath, Probe("p1", "\"http\""));
        var message = await BadRequestMessageAsync(env, PodsPath, Probe("p2", "{\"p\":1}"));

        Assert.Equal(201, code);
        var stored = await env.Client.CoreV1.ReadNamespacedPodAsync("p1", "default");
        Assert.Equal(("http", "8080"), (stored.Spec.Containers[0].ReadinessProbe.HttpGet.Port.Value, stored.Spec.Containers[1].LivenessProbe.TcpSocket.Port.Value));
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal object into Go value of type int32", message);
    }

    [Fact]
    public async Task CreatePod_QuantityTakesStringOrNumber_ButNotABool()
    {
        await using var env = new InProcessServer();

        var (code, _, _) = await RawRequests.SendAsync(env.Server, "POST", PodsPath, Pod("""{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":2,"memory":"64Mi"}}}]}"""));
        var message = await BadRequestMessageAsync(env, PodsPath, Pod("""{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":true}}}]}""").Replace("p1", "p2", StringComparison.Ordinal));

        Assert.Equal(201, code);
        var stored = await env.Client.CoreV1.ReadNamespacedPodAsync("p1", "default");
        Assert.Equal(("2", "64Mi"), (stored.Spec.Containers[0].Resources.Limits["cpu"].ToString(), stored.Spec.Containers[0].Resources.Limits["memory"].ToString()));
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", message);
    }

    [Fact]
    public async Task CreatePod_NullForStructListMapAndScalars_IsAcceptedAsUnset()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "POST", PodsPath, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","labels":null},
             "spec":{"nodeSelector":null,"securityContext":null,"hostname":null,"containers":[{"name":"c","image":"nginx","ports":null,"stdin":null}]}}
            """);

        Assert.True(code == 201, body);
        var stored = await env.Client.CoreV1.ReadNamespacedPodAsync("p1", "default");
        Assert.Equal(("nginx", null), (stored.Spec.Containers[0].Image, stored.Spec.Containers[0].Ports));
    }

    [Fact]
    public async Task UpdateConfigMap_ListAsDataValue_IsBadRequestAndKeepsTheStoredObject()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, "default");

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "PUT", "/api/v1/namespaces/default/configmaps/c1", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":["1"]}}""");

        Assert.Equal(400, code);
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type string",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.Equal("0", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default")).Data["a"]);
    }

    [Fact]
    public async Task MergePatch_ResultWithWrongType_IsInvalidOnThePatchAndStoresNothing()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, "default");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1","b":2},"bogus":1}""", V1Patch.PatchType.MergePatch), "c1", "default", fieldValidation: "Strict"));

        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("Invalid", "FieldValueInvalid", "patch"), (status.Reason, cause.Reason, cause.Field));
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{", status.Message);
        Assert.EndsWith("\": json: cannot unmarshal number into Go struct field ConfigMap.data of type string", status.Message);
        Assert.Equal("0", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default")).Data["a"]);
    }
}
