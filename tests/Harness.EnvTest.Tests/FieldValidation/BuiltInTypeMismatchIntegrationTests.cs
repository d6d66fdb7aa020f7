using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// Values of the wrong JSON type in built-in kinds, answered with the error kube-apiserver's decoding into their Go types gives:
/// 400 on create and update whatever <c>fieldValidation</c> says, 422 on a patch whose result has one, and nothing stored.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BuiltInTypeMismatchIntegrationTests(ClusterFixture clusters)
{
    private static string PodsPath(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/pods";

    private static string Pod(string spec) => $$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1"},"spec":{{spec}}}""";

    private static async Task<string> BadRequestMessageAsync(ClusterScope cluster, string path, string body, Dictionary<string, string>? query = null)
    {
        var queryText = query is null ? string.Empty : "?" + string.Join("&", query.Select(p => $"{p.Key}={p.Value}"));
        var (code, response) = await cluster.SendAsync(HttpMethod.Post, path + queryText, body);
        Assert.Equal(400, code);
        var status = JsonNode.Parse(response)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        return status["message"]!.GetValue<string>();
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_StringWhereListBelongs_IsBadRequestAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var message = await BadRequestMessageAsync(cluster, PodsPath(cluster), Pod("""{"containers":"nginx"}"""), new() { ["fieldValidation"] = "Ignore" });

        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
            message);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_SeveralWrongTypes_ReportsTheFirstInDocumentOrder(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var message = await BadRequestMessageAsync(cluster, PodsPath(cluster), Pod("""{"hostname":5,"containers":"nginx"}"""));

        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.hostname of type string", message);
    }

    [SkippableTheory, Backends]
    public async Task CreatePodYaml_SeveralWrongTypes_ReportsTheFirstInKeyOrder(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        const string Yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  hostname: 5\n  containers: nginx\n";

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, PodsPath(cluster), Yaml, contentType: "application/yaml");

        Assert.Equal(400, code);
        Assert.Equal(
            "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_OwnDecoderFailsAfterAnEarlierWrongType_ReportsTheOwnDecodersError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var message = await BadRequestMessageAsync(cluster, PodsPath(cluster), Pod("""{"hostname":5,"containers":[{"name":"c","image":"nginx","livenessProbe":{"tcpSocket":{"port":1.5}}}]}"""));

        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go struct field TCPSocketAction.spec.containers.livenessProbe.tcpSocket.port of type int32", message);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_WrongValueInInt32Field_NamesTheInnermostStructAndTheFieldPath(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        (string Value, string Described)[] cases =
        [
            ("\"80\"", "string"),
            ("80.5", "number 80.5"),
            ("4294967296", "number 4294967296"),
            ("true", "bool"),
        ];

        foreach (var (value, described) in cases)
        {
            var message = await BadRequestMessageAsync(cluster, PodsPath(cluster), Pod($$"""{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":{{value}}}]}]}"""));

            Assert.Equal(
                $"Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal {described} into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
                message);
        }
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_NumberAsDataValue_IsBadRequestNamingTheMap(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var message = await BadRequestMessageAsync(cluster, $"/api/v1/namespaces/{cluster.Namespace}/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":"x","b":1}}""");

        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string", message);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_IntOrStringTakesStringOrInteger_ButNotAnObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        static string Probe(string name, string port) =>
            Pod("""{"containers":[{"name":"c","image":"nginx","readinessProbe":{"httpGet":{"port":""" + port + """}}},{"name":"d","image":"nginx","livenessProbe":{"tcpSocket":{"port":8080}}}]}""")
                .Replace("p1", name, StringComparison.Ordinal);

        var (code, _) = await cluster.SendAsync(HttpMethod.Post, PodsPath(cluster), Probe("p1", "\"http\""));
        var message = await BadRequestMessageAsync(cluster, PodsPath(cluster), Probe("p2", "{\"p\":1}"));

        Assert.Equal(201, code);
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("p1", cluster.Namespace);
        Assert.Equal(("http", "8080"), (stored.Spec.Containers[0].ReadinessProbe.HttpGet.Port.Value, stored.Spec.Containers[1].LivenessProbe.TcpSocket.Port.Value));
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32", message);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_QuantityTakesStringOrNumber_ButNotABool(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, _) = await cluster.SendAsync(HttpMethod.Post, PodsPath(cluster), Pod("""{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":2,"memory":"64Mi"}}}]}"""));
        var message = await BadRequestMessageAsync(cluster, PodsPath(cluster), Pod("""{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":true}}}]}""").Replace("p1", "p2", StringComparison.Ordinal));

        Assert.Equal(201, code);
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("p1", cluster.Namespace);
        Assert.Equal(("2", "64Mi"), (stored.Spec.Containers[0].Resources.Limits["cpu"].ToString(), stored.Spec.Containers[0].Resources.Limits["memory"].ToString()));
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", message);
    }

    [SkippableTheory, Backends]
    public async Task CreatePod_NullForStructListMapAndScalars_IsAcceptedAsUnset(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, PodsPath(cluster), """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","labels":null},
             "spec":{"nodeSelector":null,"securityContext":null,"hostname":null,"containers":[{"name":"c","image":"nginx","ports":null,"stdin":null}]}}
            """);

        Assert.True(code == 201, body);
        var stored = await cluster.Client.CoreV1.ReadNamespacedPodAsync("p1", cluster.Namespace);
        Assert.Equal(("nginx", null), (stored.Spec.Containers[0].Image, stored.Spec.Containers[0].Ports));
    }

    [SkippableTheory, Backends]
    public async Task UpdateConfigMap_ListAsDataValue_IsBadRequestAndKeepsTheStoredObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, cluster.Namespace);

        var (code, body) = await cluster.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{cluster.Namespace}/configmaps/c1", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":["1"]}}""");

        Assert.Equal(400, code);
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type string",
            JsonNode.Parse(body)!["message"]!.GetValue<string>());
        Assert.Equal("0", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace)).Data["a"]);
    }

    [SkippableTheory, Backends]
    public async Task MergePatch_ResultWithWrongType_IsInvalidOnThePatchAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, cluster.Namespace);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1","b":2},"bogus":1}""", V1Patch.PatchType.MergePatch), "c1", cluster.Namespace, fieldValidation: "Strict"));

        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("Invalid", "FieldValueInvalid", "patch"), (status.Reason, cause.Reason, cause.Field));
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{", status.Message);
        Assert.EndsWith("\": json: cannot unmarshal number into Go struct field ConfigMap.data of type string", status.Message);
        Assert.Equal("0", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace)).Data["a"]);
    }
}
