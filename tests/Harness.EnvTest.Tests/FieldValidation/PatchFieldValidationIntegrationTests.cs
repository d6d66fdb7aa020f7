using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// <c>fieldValidation</c> on the keys a PATCH body itself repeats, as kube-apiserver's patch handler checks them: merge and
/// strategic merge patches by path, JSON patch operations (also their unknown keys), apply bodies by YAML line.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PatchFieldValidationIntegrationTests(ClusterFixture clusters)
{
    private const string MergeBody = """{"data":{"a":"1","a":"2"},"metadata":{"labels":{"x":"1","x":"2"}}}""";

    private const string JsonPatchBody = """
        [{"op":"add","path":"/data/a","value":"1","foo":"bar"},{"op":"add","path":"/data/b","path":"/data/c","value":"2"}]
        """;

    private const string ApplyYaml = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c1
        data:
          a: "1"
          a: "2"
          b: "3"
        """;

    private static string ConfigMap(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/configmaps/c1";

    private async Task<ClusterScope> WithConfigMapAsync(Backend backend)
    {
        var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, cluster.Namespace);
        return cluster;
    }

    [SkippableTheory, Backends]
    public async Task MergePatch_StrictWithDuplicateKeys_IsInvalidOnThePatchAndStoresNothing(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(MergeBody, V1Patch.PatchType.MergePatch), "c1", cluster.Namespace, fieldValidation: "Strict"));

        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("Invalid", "FieldValueInvalid", "patch"), (status.Reason, cause.Reason, cause.Field));
        Assert.EndsWith(": strict decoding error: duplicate field \"data.a\", duplicate field \"metadata.labels.x\"", cause.Message);
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace);
        Assert.Equal(("0", null), (stored.Data["a"], stored.Metadata.Labels));
    }

    [SkippableTheory, Backends]
    public async Task MergePatch_DefaultIsWarn_WarnsPerDuplicateAndTheLastValueWins(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        using var response = await cluster.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(MergeBody, V1Patch.PatchType.MergePatch), "c1", cluster.Namespace);

        Assert.Equal(
            ["299 - \"duplicate field \\\"data.a\\\"\"", "299 - \"duplicate field \\\"metadata.labels.x\\\"\""],
            response.Response.Headers.GetValues("Warning"));
        Assert.Equal(("2", "2"), (response.Body.Data["a"], response.Body.Metadata.Labels["x"]));
    }

    [SkippableTheory, Backends]
    public async Task MergePatch_IgnoreWithDuplicateKeys_PatchesSilently(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        using var response = await cluster.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(MergeBody, V1Patch.PatchType.MergePatch), "c1", cluster.Namespace, fieldValidation: "Ignore");

        Assert.False(response.Response.Headers.Contains("Warning"));
        Assert.Equal("2", response.Body.Data["a"]);
    }

    [SkippableTheory, Backends]
    public async Task StrategicMergePatch_StrictWithDuplicateAndUnknownFields_ListsDuplicatesFirst(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1","a":"2"},"spec":{}}""", V1Patch.PatchType.StrategicMergePatch), "c1", cluster.Namespace, fieldValidation: "Strict"));

        Assert.Equal(
            " \"\" is invalid: patch: Invalid value: \"map[data:map[a:2] spec:map[]]\": strict decoding error: duplicate field \"data.a\", unknown field \"spec\"",
            status.Message);
        Assert.Equal("0", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace)).Data["a"]);
    }

    [SkippableTheory, Backends]
    public async Task JsonPatch_StrictWithUnknownAndDuplicateOperationKeys_IsInvalidAndStoresNothing(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(JsonPatchBody, V1Patch.PatchType.JsonPatch), "c1", cluster.Namespace, fieldValidation: "Strict"));

        Assert.EndsWith(
            ": strict decoding error: json patch unknown field \"[0].foo\", json patch duplicate field \"[1].path\"",
            Assert.Single(status.Details.Causes).Message);
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace);
        Assert.Equal(["a"], stored.Data.Keys);
    }

    [SkippableTheory, Backends]
    public async Task JsonPatch_Warn_WarnsAndAppliesTheLastPath(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        using var response = await cluster.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(JsonPatchBody, V1Patch.PatchType.JsonPatch), "c1", cluster.Namespace, fieldValidation: "Warn");

        Assert.Equal(
            ["299 - \"json patch unknown field \\\"[0].foo\\\"\"", "299 - \"json patch duplicate field \\\"[1].path\\\"\""],
            response.Response.Headers.GetValues("Warning"));
        Assert.Equal(("1", "2", false), (response.Body.Data["a"], response.Body.Data["c"], response.Body.Data.ContainsKey("b")));
    }

    [SkippableTheory]
    [BackendsData("Warn", """{"op":"add"}""", "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp")]
    [BackendsData("Strict", """[{"op":"add","path":"/data/b","value":"1"},"add"]""", "error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp")]
    [BackendsData("Ignore", """{"op":"add"}""", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    public async Task JsonPatch_NotAListOfOperations_IsBadRequestWordedByTheDirectivesDecoder(Backend backend, string directive, string body, string message)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(body, V1Patch.PatchType.JsonPatch), "c1", cluster.Namespace, fieldValidation: directive));

        Assert.Equal(message, status.Message);
    }

    [SkippableTheory, Backends]
    public async Task MergePatch_WarnWithAnArray_IsBadRequestFromTheStrictDecoder(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("[1]", V1Patch.PatchType.MergePatch), "c1", cluster.Namespace, fieldValidation: "Warn"));

        Assert.Equal("error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}", status.Message);
    }

    [SkippableTheory, Backends]
    public async Task ApplyCreate_StrictWithDuplicateYamlKey_IsBadRequestNamingTheLineAndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(
            HttpMethod.Patch, ConfigMap(cluster) + "?fieldManager=test&fieldValidation=Strict", ApplyYaml, "application/apply-patch+yaml");

        var status = JsonNode.Parse(body)!;
        Assert.Equal((400, "BadRequest"), (code, status["reason"]!.GetValue<string>()));
        Assert.Equal(
            "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key \"a\" already set in map",
            status["message"]!.GetValue<string>());
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task ApplyUpdate_WarnWithDuplicateJsonKeys_WarnsPerLineAndTheLastValueWins(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);
        const string ApplyJson = """
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "c1", "name": "c1"},
             "data": {"a": "1",
                      "a": "2"}}
            """;

        using var response = await cluster.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(ApplyJson, V1Patch.PatchType.ApplyPatch), "c1", cluster.Namespace, fieldManager: "test", force: true);

        Assert.Equal(
            ["299 - \"line 2: key \\\"name\\\" already set in map\"", "299 - \"line 4: key \\\"a\\\" already set in map\""],
            response.Response.Headers.GetValues("Warning"));
        Assert.Equal("2", response.Body.Data["a"]);
    }

    [SkippableTheory, Backends]
    public async Task ApplyUpdate_IgnoreWithDuplicateYamlKey_AppliesSilently(Backend backend)
    {
        await using var cluster = await WithConfigMapAsync(backend);

        var response = await cluster.SendWithWarningsAsync(
            HttpMethod.Patch, ConfigMap(cluster) + "?fieldManager=test&force=true&fieldValidation=Ignore", ApplyYaml, "application/apply-patch+yaml");

        Assert.Equal((200, 0), (response.Code, response.Warnings.Length));
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace);
        Assert.Equal(("2", "3"), (stored.Data["a"], stored.Data["b"]));
    }
}
