using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Crds;
using Harness.EnvTest.Informers;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.FieldValidation;

/// <summary><c>fieldValidation</c> on create, update and patch, through KubernetesClient and raw requests.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FieldValidationIntegrationTests(ClusterFixture clusters)
{
    private static JsonObject WidgetWithUnknownFields() => JsonNode.Parse("""
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","bogusMeta":"x"},"spec":{"color":"red","zeta":1,"alpha":2}}
        """)!.AsObject();

    private static string ConfigMaps(ClusterScope cluster) => $"/api/v1/namespaces/{cluster.Namespace}/configmaps";

    private async Task<ClusterScope> WithWidgetsAsync(Backend backend)
    {
        var cluster = await clusters.ScopeAsync(backend);
        await WidgetCrd.SharedAsync(cluster);
        return cluster;
    }

    [SkippableTheory, Backends]
    public async Task CreateCustomObject_StrictWithUnknownFields_IsBadRequestListingSortedPathsAndStoresNothing(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () =>
            cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(WidgetWithUnknownFields(), "example.com", "v1", cluster.Namespace, "widgets", fieldValidation: "Strict"));

        Assert.Equal("BadRequest", status.Reason);
        Assert.Equal(
            "Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"metadata.bogusMeta\", unknown field \"spec.alpha\", unknown field \"spec.zeta\"",
            status.Message);
        Assert.Empty((await WidgetCrd.Client(cluster.Client).ListNamespacedAsync<ObjectList<Widget>>(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task CreateCustomObject_DefaultIsWarn_AnswersWarningHeadersAndPrunes(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(backend);

        using var response = await cluster.Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(
            WidgetWithUnknownFields(), "example.com", "v1", cluster.Namespace, "widgets");

        Assert.Equal(
            ["299 - \"unknown field \\\"metadata.bogusMeta\\\"\"", "299 - \"unknown field \\\"spec.alpha\\\"\"", "299 - \"unknown field \\\"spec.zeta\\\"\""],
            response.Response.Headers.GetValues("Warning"));
        var stored = await WidgetCrd.Client(cluster.Client).ReadNamespacedAsync<Widget>(cluster.Namespace, "w1");
        Assert.Equal("""{"color":"red","size":3}""", stored.Spec!.ToJsonString());
    }

    [SkippableTheory, Backends]
    public async Task CreateCustomObject_Ignore_PrunesSilently(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(backend);

        using var response = await cluster.Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(
            WidgetWithUnknownFields(), "example.com", "v1", cluster.Namespace, "widgets", fieldValidation: "Ignore");

        Assert.False(response.Response.Headers.Contains("Warning"));
        var stored = await WidgetCrd.Client(cluster.Client).ReadNamespacedAsync<Widget>(cluster.Namespace, "w1");
        Assert.Equal("""{"color":"red","size":3}""", stored.Spec!.ToJsonString());
    }

    [SkippableTheory, Backends]
    public async Task ReplaceCustomObject_StrictWithUnknownField_IsBadRequestAndKeepsTheObject(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(backend);
        var widgets = WidgetCrd.Client(cluster.Client);
        var created = await widgets.CreateNamespacedAsync(new Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new JsonObject { ["color"] = "red" } }, cluster.Namespace);
        var body = JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject();
        body["spec"]!["color"] = "blue";
        body["spec"]!["shape"] = "round";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () =>
            cluster.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(body, "example.com", "v1", cluster.Namespace, "widgets", "w1", fieldValidation: "Strict"));

        Assert.Equal("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.shape\"", status.Message);
        Assert.Equal("red", (await widgets.ReadNamespacedAsync<Widget>(cluster.Namespace, "w1")).Spec!["color"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task PatchCustomObject_StrictWithUnknownField_IsInvalidOnThePatchField(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(backend);
        await WidgetCrd.Client(cluster.Client).CreateNamespacedAsync(new Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new JsonObject { ["color"] = "red" } }, cluster.Namespace);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("""{"spec":{"shape":"round"}}""", V1Patch.PatchType.MergePatch), "example.com", "v1", cluster.Namespace, "widgets", "w1", fieldValidation: "Strict"));

        Assert.Equal("Invalid", status.Reason);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueInvalid", "patch"), (cause.Reason, cause.Field));
        Assert.EndsWith(": strict decoding error: unknown field \"spec.shape\"", cause.Message);
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"{", status.Message);
    }

    [SkippableTheory, Backends]
    public async Task PatchConfigMap_WarnWithUnknownTopLevelField_WarnsAndDropsIt(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, cluster.Namespace);

        using var response = await cluster.Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(
            new V1Patch("""{"data":{"a":"1"},"spec":{"x":1}}""", V1Patch.PatchType.MergePatch), "c1", cluster.Namespace, fieldValidation: "Warn");

        Assert.Equal(["299 - \"unknown field \\\"spec\\\"\""], response.Response.Headers.GetValues("Warning"));
        var raw = await cluster.GetAsync(ConfigMaps(cluster) + "/c1");
        var stored = JsonNode.Parse(raw.Body)!;
        Assert.Null(stored["spec"]);
        Assert.Equal("1", stored["data"]!["a"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task StrategicMergePatch_StrictWithUnknownField_NamesThePatchAsAGoMap(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, cluster.Namespace);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"spec":{"x":1},"data":{"a":"1"}}""", V1Patch.PatchType.StrategicMergePatch), "c1", cluster.Namespace, fieldValidation: "Strict"));

        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[data:map[a:1] spec:map[x:1]]\": strict decoding error: unknown field \"spec\"", status.Message);
        Assert.Null((await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace)).Data);
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_StrictWithUnknownAndDuplicateFields_ListsThemAsKubeDoes(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, body) = await cluster.SendAsync(
            HttpMethod.Post, ConfigMaps(cluster) + "?fieldValidation=Strict",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","name":"c2","bogus":true},"data":{"a":"1"},"spec":{}}""");

        Assert.Equal(400, code);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal(
            "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"metadata.name\", unknown field \"metadata.bogus\", unknown field \"spec\"",
            status["message"]!.GetValue<string>());
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_WarnWithNestedDuplicates_WarnsWithFullPathsOnce(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var owners = new List<string>(); // owners that exist, else the garbage collector takes c1
        foreach (var owner in new[] { "p", "r" })
        {
            owners.Add((await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = owner } }, cluster.Namespace)).Metadata.Uid);
        }

        var body = $$$"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1","labels":{"a":"1","b":"2","a":"3","a":"4"},
             "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"p","uid":"{{{owners[0]}}}"},{"apiVersion":"v1","kind":"ConfigMap","name":"q","name":"r","uid":"{{{owners[1]}}}"}]},
             "data":{"x":"1"}}
            """;

        var response = await cluster.SendWithWarningsAsync(HttpMethod.Post, ConfigMaps(cluster), body);

        Assert.Equal(201, response.Code);
        Assert.Equal(
            [WarningHeader.Of("duplicate field \"metadata.labels.a\""), WarningHeader.Of("duplicate field \"metadata.ownerReferences[1].name\"")], response.Warnings);
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace);
        Assert.Equal(("4", "r"), (stored.Metadata.Labels["a"], stored.Metadata.OwnerReferences[1].Name));
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_IgnoreWithDuplicateField_LastValueWins(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, _) = await cluster.SendAsync(
            HttpMethod.Post, ConfigMaps(cluster) + "?fieldValidation=Ignore", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":"1","a":"2"}}""");

        Assert.Equal(201, code);
        Assert.Equal("2", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("c1", cluster.Namespace)).Data["a"]);
    }

    [SkippableTheory, Backends]
    public async Task Create_UnsupportedFieldValidationValue_IsInvalidCreateOptions(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, cluster.Namespace, fieldValidation: "Loose"));

        Assert.Equal(
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Loose\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
            status.Message);
    }
}
