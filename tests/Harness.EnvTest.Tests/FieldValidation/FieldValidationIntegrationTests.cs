using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Crds;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary><c>fieldValidation</c> on create, update and patch, through KubernetesClient against the embedded server.</summary>
public sealed class FieldValidationIntegrationTests
{
    private static JsonObject WidgetWithUnknownFields() => JsonNode.Parse("""
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","bogusMeta":"x"},"spec":{"color":"red","zeta":1,"alpha":2}}
        """)!.AsObject();

    private static async Task<InProcessServer> WithWidgetsAsync()
    {
        var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);
        return env;
    }

    [Fact]
    public async Task CreateCustomObject_StrictWithUnknownFields_IsBadRequestListingSortedPathsAndStoresNothing()
    {
        await using var env = await WithWidgetsAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () =>
            env.Client.CustomObjects.CreateNamespacedCustomObjectAsync(WidgetWithUnknownFields(), "example.com", "v1", "default", "widgets", fieldValidation: "Strict"));

        Assert.Equal("BadRequest", status.Reason);
        Assert.Equal(
            "Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"metadata.bogusMeta\", unknown field \"spec.alpha\", unknown field \"spec.zeta\"",
            status.Message);
        Assert.Empty((await WidgetCrd.Client(env.Client).ListNamespacedAsync<CustomResourceList<Widget>>("default")).Items);
    }

    [Fact]
    public async Task CreateCustomObject_DefaultIsWarn_AnswersWarningHeadersAndPrunes()
    {
        await using var env = await WithWidgetsAsync();

        using var response = await env.Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(
            WidgetWithUnknownFields(), "example.com", "v1", "default", "widgets");

        Assert.Equal(
            ["299 - \"unknown field \\\"metadata.bogusMeta\\\"\"", "299 - \"unknown field \\\"spec.alpha\\\"\"", "299 - \"unknown field \\\"spec.zeta\\\"\""],
            response.Response.Headers.GetValues("Warning"));
        var stored = await WidgetCrd.Client(env.Client).ReadNamespacedAsync<Widget>("default", "w1");
        Assert.Equal("""{"color":"red","size":3}""", stored.Spec!.ToJsonString());
    }

    [Fact]
    public async Task CreateCustomObject_Ignore_PrunesSilently()
    {
        await using var env = await WithWidgetsAsync();

        using var response = await env.Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(
            WidgetWithUnknownFields(), "example.com", "v1", "default", "widgets", fieldValidation: "Ignore");

        Assert.False(response.Response.Headers.Contains("Warning"));
        var stored = await WidgetCrd.Client(env.Client).ReadNamespacedAsync<Widget>("default", "w1");
        Assert.Equal("""{"color":"red","size":3}""", stored.Spec!.ToJsonString());
    }

    [Fact]
    public async Task ReplaceCustomObject_StrictWithUnknownField_IsBadRequestAndKeepsTheObject()
    {
        await using var env = await WithWidgetsAsync();
        var widgets = WidgetCrd.Client(env.Client);
        var created = await widgets.CreateNamespacedAsync(new Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new JsonObject { ["color"] = "red" } }, "default");
        var body = JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject();
        body["spec"]!["color"] = "blue";
        body["spec"]!["shape"] = "round";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () =>
            env.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(body, "example.com", "v1", "default", "widgets", "w1", fieldValidation: "Strict"));

        Assert.Equal("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.shape\"", status.Message);
        Assert.Equal("red", (await widgets.ReadNamespacedAsync<Widget>("default", "w1")).Spec!["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task PatchCustomObject_StrictWithUnknownField_IsInvalidOnThePatchField()
    {
        await using var env = await WithWidgetsAsync();
        await WidgetCrd.Client(env.Client).CreateNamespacedAsync(new Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new JsonObject { ["color"] = "red" } }, "default");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("""{"spec":{"shape":"round"}}""", V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "widgets", "w1", fieldValidation: "Strict"));

        Assert.Equal("Invalid", status.Reason);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueInvalid", "patch"), (cause.Reason, cause.Field));
        Assert.EndsWith(": strict decoding error: unknown field \"spec.shape\"", cause.Message);
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{", status.Message);
    }

    [Fact]
    public async Task PatchConfigMap_WarnWithUnknownTopLevelField_WarnsAndDropsIt()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, "default");

        using var response = await env.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch("""{"data":{"a":"1"},"spec":{"x":1}}""", V1Patch.PatchType.MergePatch), "c1", "default", fieldValidation: "Warn");

        Assert.Equal(["299 - \"unknown field \\\"spec\\\"\""], response.Response.Headers.GetValues("Warning"));
        var raw = await RawRequests.SendAsync(env.Server, "GET", "/api/v1/namespaces/default/configmaps/c1");
        var stored = JsonNode.Parse(raw.Body)!;
        Assert.Null(stored["spec"]);
        Assert.Equal("1", stored["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task StrategicMergePatch_StrictWithUnknownField_NamesThePatchAsAGoMap()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, "default");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"spec":{"x":1},"data":{"a":"1"}}""", V1Patch.PatchType.StrategicMergePatch), "c1", "default", fieldValidation: "Strict"));

        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[data:map[a:1] spec:map[x:1]]\": strict decoding error: unknown field \"spec\"", status.Message);
        Assert.Null((await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default")).Data);
    }

    [Fact]
    public async Task CreateConfigMap_StrictWithUnknownAndDuplicateFields_ListsThemAsKubeDoes()
    {
        await using var env = new InProcessServer();

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "POST", "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","name":"c2","bogus":true},"data":{"a":"1"},"spec":{}}""",
            query: new Dictionary<string, string> { ["fieldValidation"] = "Strict" });

        Assert.Equal(400, code);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"metadata.name\", unknown field \"metadata.bogus\", unknown field \"spec\"",
            status["message"]!.GetValue<string>());
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task CreateConfigMap_WarnWithNestedDuplicates_WarnsWithFullPathsOnce()
    {
        await using var env = new InProcessServer();
        const string Body = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","labels":{"a":"1","b":"2","a":"3","a":"4"},
             "ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"u1"},{"apiVersion":"v1","kind":"Pod","name":"q","name":"r","uid":"u2"}]},
             "data":{"x":"1"}}
            """;

        var response = await env.Server.HandleAsync(new Harness.EnvTest.Requests.ApiRequest
        {
            Method = "POST",
            Path = "/api/v1/namespaces/default/configmaps",
            ContentType = "application/json",
            Body = System.Text.Encoding.UTF8.GetBytes(Body),
        }, CancellationToken.None);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(["duplicate field \"metadata.labels.a\"", "duplicate field \"metadata.ownerReferences[1].name\""], response.Warnings);
        var stored = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default");
        Assert.Equal(("4", "r"), (stored.Metadata.Labels["a"], stored.Metadata.OwnerReferences[1].Name));
    }

    [Fact]
    public async Task CreateConfigMap_IgnoreWithDuplicateField_LastValueWins()
    {
        await using var env = new InProcessServer();

        var (code, _, _) = await RawRequests.SendAsync(
            env.Server, "POST", "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":"1","a":"2"}}""",
            query: new Dictionary<string, string> { ["fieldValidation"] = "Ignore" });

        Assert.Equal(201, code);
        Assert.Equal("2", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", "default")).Data["a"]);
    }

    [Fact]
    public async Task Create_UnsupportedFieldValidationValue_IsInvalidCreateOptions()
    {
        await using var env = new InProcessServer();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, "default", fieldValidation: "Loose"));

        Assert.Equal(
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Loose\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
            status.Message);
    }
}
