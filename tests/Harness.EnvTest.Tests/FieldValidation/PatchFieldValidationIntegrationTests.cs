using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary>
/// <c>fieldValidation</c> on the keys a PATCH body itself repeats, as kube-apiserver's patch handler checks them: merge and
/// strategic merge patches by path, JSON patch operations (also their unknown keys), apply bodies by YAML line.
/// </summary>
public sealed class PatchFieldValidationIntegrationTests
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

    private static async Task<InProcessServer> WithConfigMapAsync()
    {
        var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "0" } }, "default");
        return env;
    }

    [Fact]
    public async Task MergePatch_StrictWithDuplicateKeys_IsInvalidOnThePatchAndStoresNothing()
    {
        await using var env = await WithConfigMapAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(MergeBody, V1Patch.PatchType.MergePatch), "c1", "default", fieldValidation: "Strict"));

        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("Invalid", "FieldValueInvalid", "patch"), (status.Reason, cause.Reason, cause.Field));
        Assert.EndsWith(": strict decoding error: duplicate field \"data.a\", duplicate field \"metadata.labels.x\"", cause.Message);
        var stored = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default");
        Assert.Equal(("0", null), (stored.Data["a"], stored.Metadata.Labels));
    }

    [Fact]
    public async Task MergePatch_DefaultIsWarn_WarnsPerDuplicateAndTheLastValueWins()
    {
        await using var env = await WithConfigMapAsync();

        using var response = await env.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(MergeBody, V1Patch.PatchType.MergePatch), "c1", "default");

        Assert.Equal(
            ["299 - \"duplicate field \\\"data.a\\\"\"", "299 - \"duplicate field \\\"metadata.labels.x\\\"\""],
            response.Response.Headers.GetValues("Warning"));
        Assert.Equal(("2", "2"), (response.Body.Data["a"], response.Body.Metadata.Labels["x"]));
    }

    [Fact]
    public async Task MergePatch_IgnoreWithDuplicateKeys_PatchesSilently()
    {
        await using var env = await WithConfigMapAsync();

        using var response = await env.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(MergeBody, V1Patch.PatchType.MergePatch), "c1", "default", fieldValidation: "Ignore");

        Assert.False(response.Response.Headers.Contains("Warning"));
        Assert.Equal("2", response.Body.Data["a"]);
    }

    [Fact]
    public async Task StrategicMergePatch_StrictWithDuplicateAndUnknownFields_ListsDuplicatesFirst()
    {
        await using var env = await WithConfigMapAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"1","a":"2"},"spec":{}}""", V1Patch.PatchType.StrategicMergePatch), "c1", "default", fieldValidation: "Strict"));

        Assert.Equal(
            " \"\" is invalid: patch: Invalid value: \"map[data:map[a:2] spec:map[]]\": strict decoding error: duplicate field \"data.a\", unknown field \"spec\"",
            status.Message);
        Assert.Equal("0", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default")).Data["a"]);
    }

    [Fact]
    public async Task JsonPatch_StrictWithUnknownAndDuplicateOperationKeys_IsInvalidAndStoresNothing()
    {
        await using var env = await WithConfigMapAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(JsonPatchBody, V1Patch.PatchType.JsonPatch), "c1", "default", fieldValidation: "Strict"));

        Assert.EndsWith(
            ": strict decoding error: json patch unknown field \"[0].foo\", json patch duplicate field \"[1].path\"",
            Assert.Single(status.Details.Causes).Message);
        var stored = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default");
        Assert.Equal(["a"], stored.Data.Keys);
    }

    [Fact]
    public async Task JsonPatch_Warn_WarnsAndAppliesTheLastPath()
    {
        await using var env = await WithConfigMapAsync();

        using var response = await env.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(JsonPatchBody, V1Patch.PatchType.JsonPatch), "c1", "default", fieldValidation: "Warn");

        Assert.Equal(
            ["299 - \"json patch unknown field \\\"[0].foo\\\"\"", "299 - \"json patch duplicate field \\\"[1].path\\\"\""],
            response.Response.Headers.GetValues("Warning"));
        Assert.Equal(("1", "2", false), (response.Body.Data["a"], response.Body.Data["c"], response.Body.Data.ContainsKey("b")));
    }

    [Theory]
    [InlineData("Warn", """{"op":"add"}""", "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp")]
    [InlineData("Strict", """[{"op":"add","path":"/data/b","value":"1"},"add"]""", "error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp")]
    [InlineData("Ignore", """{"op":"add"}""", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    public async Task JsonPatch_NotAListOfOperations_IsBadRequestWordedByTheDirectivesDecoder(string directive, string body, string message)
    {
        await using var env = await WithConfigMapAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(body, V1Patch.PatchType.JsonPatch), "c1", "default", fieldValidation: directive));

        Assert.Equal(message, status.Message);
    }

    [Fact]
    public async Task MergePatch_WarnWithAnArray_IsBadRequestFromTheStrictDecoder()
    {
        await using var env = await WithConfigMapAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("[1]", V1Patch.PatchType.MergePatch), "c1", "default", fieldValidation: "Warn"));

        Assert.Equal("error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}", status.Message);
    }

    [Fact]
    public async Task ApplyCreate_StrictWithDuplicateYamlKey_IsBadRequestNamingTheLineAndStoresNothing()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "PATCH", "/api/v1/namespaces/default/configmaps/c1", ApplyYaml, "application/apply-patch+yaml",
            query: new Dictionary<string, string> { ["fieldManager"] = "test", ["fieldValidation"] = "Strict" });

        var status = JsonNode.Parse(body)!;
        Assert.Equal((400, "BadRequest"), (code, status["reason"]!.GetValue<string>()));
        Assert.Equal(
            "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key \"a\" already set in map",
            status["message"]!.GetValue<string>());
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task ApplyUpdate_WarnWithDuplicateJsonKeys_WarnsPerLineAndTheLastValueWins()
    {
        await using var env = await WithConfigMapAsync();
        const string ApplyJson = """
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "c1", "name": "c1"},
             "data": {"a": "1",
                      "a": "2"}}
            """;

        using var response = await env.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch(ApplyJson, V1Patch.PatchType.ApplyPatch), "c1", "default", fieldManager: "test", force: true);

        Assert.Equal(
            ["299 - \"line 2: key \\\"name\\\" already set in map\"", "299 - \"line 4: key \\\"a\\\" already set in map\""],
            response.Response.Headers.GetValues("Warning"));
        Assert.Equal("2", response.Body.Data["a"]);
    }

    [Fact]
    public async Task ApplyUpdate_IgnoreWithDuplicateYamlKey_AppliesSilently()
    {
        await using var env = await WithConfigMapAsync();

        var response = await env.Server.HandleAsync(new ApiRequest
        {
            Method = "PATCH",
            Path = "/api/v1/namespaces/default/configmaps/c1",
            ContentType = "application/apply-patch+yaml",
            Body = Encoding.UTF8.GetBytes(ApplyYaml),
            Query = new Dictionary<string, string> { ["fieldManager"] = "test", ["force"] = "true", ["fieldValidation"] = "Ignore" },
        }, CancellationToken.None);

        Assert.Equal((200, 0), (response.StatusCode, response.Warnings.Count));
        var stored = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default");
        Assert.Equal(("2", "3"), (stored.Data["a"], stored.Data["b"]));
    }
}
