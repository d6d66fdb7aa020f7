using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Informers;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Crds;

/// <summary>
/// Custom resources of the collection's shared widgets.example.com (installed once per backend); a CRD of a test's own group
/// where the test deletes it or needs it cluster-scoped.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomResourceIntegrationTests(ClusterFixture clusters)
{
    private static Widget NewWidget(string name, JsonObject? spec = null, string group = WidgetCrd.Group) =>
        new() { ApiVersion = group + "/v1", Metadata = new V1ObjectMeta { Name = name }, Spec = spec ?? new JsonObject { ["color"] = "red" } };

    private static string OwnGroup(ClusterScope cluster) => cluster.Namespace + ".example.com";

    private static async Task<ClusterScope> WithWidgetsAsync(ClusterFixture clusters, Backend backend)
    {
        var cluster = await clusters.ScopeAsync(backend);
        await WidgetCrd.SharedAsync(cluster);
        return cluster;
    }

    [SkippableTheory, Backends]
    public async Task CreateCrd_IsEstablishedAndServedAtOnce(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);

        var crd = await cluster.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com");
        var widget = await WidgetCrd.Client(cluster.Client).CreateNamespacedAsync(NewWidget("w1"), cluster.Namespace);

        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "NamesAccepted" && c.Status == "True");
        Assert.Equal("widgets", crd.Status.AcceptedNames.Plural);
        Assert.Equal(["v1"], crd.Status.StoredVersions);
        Assert.Equal(1, widget.Metadata.Generation);
        Assert.Equal(3, widget.Spec!["size"]!.GetValue<int>());
    }

    [SkippableTheory, Backends]
    public async Task Discovery_ListsCustomResourceWithShortNamesAndStatus(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);

        var resources = await cluster.Client.CustomObjects.GetAPIResourcesAsync(WidgetCrd.Group, "v1");
        var groups = await cluster.Client.Apis.GetAPIVersionsAsync();

        var widgets = Assert.Single(resources.Resources, r => r.Name == "widgets");
        Assert.Equal(["wd"], widgets.ShortNames);
        Assert.Equal(["all"], widgets.Categories);
        Assert.Equal("widget", widgets.SingularName);
        Assert.True(widgets.Namespaced);
        Assert.Contains(resources.Resources, r => r.Name == "widgets/status");
        var group = Assert.Single(groups.Groups, g => g.Name == WidgetCrd.Group);
        Assert.Equal("v1", group.PreferredVersion.Version);
        Assert.Equal(["v1", "v1beta1"], group.Versions.Select(v => v.Version));
    }

    [SkippableTheory, Backends]
    public async Task Get_OtherServedVersion_RewritesOnlyApiVersion(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);
        await WidgetCrd.Client(cluster.Client).CreateNamespacedAsync(NewWidget("w1"), cluster.Namespace);

        var beta = await WidgetCrd.Client(cluster.Client, "v1beta1").ReadNamespacedAsync<Widget>(cluster.Namespace, "w1");

        Assert.Equal("example.com/v1beta1", beta.ApiVersion);
        Assert.Equal("red", beta.Spec!["color"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Replace_WithoutResourceVersion_Answers422(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);
        await WidgetCrd.Client(cluster.Client).CreateNamespacedAsync(NewWidget("w1"), cluster.Namespace);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            WidgetCrd.Client(cluster.Client).ReplaceNamespacedAsync(NewWidget("w1", new JsonObject { ["color"] = "blue" }), cluster.Namespace, "w1"));

        Assert.Equal("widgets.example.com \"w1\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", status.Message);
    }

    [SkippableTheory, Backends]
    public async Task Replace_SpecAndStatus_BumpsGenerationAndKeepsStatus(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);
        var widgets = WidgetCrd.Client(cluster.Client);
        var created = await widgets.CreateNamespacedAsync(NewWidget("w1"), cluster.Namespace);
        created.Status = new JsonObject { ["phase"] = "Ready" };
        var withStatus = await widgets.ReplaceNamespacedAsync(created, cluster.Namespace, "w1");
        Assert.Null(withStatus.Status);

        var statusClient = new GenericClient(cluster.Client, "example.com", "v1", "widgets", disposeClient: false);
        withStatus.Status = new JsonObject { ["phase"] = "Ready" };
        withStatus.Spec = new JsonObject { ["color"] = "blue" };
        var response = await cluster.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(withStatus, "example.com", "v1", cluster.Namespace, "widgets", "w1");
        var afterStatus = KubernetesJson.Deserialize<Widget>(KubernetesJson.Serialize(response));
        Assert.Equal("Ready", afterStatus.Status!["phase"]!.GetValue<string>());
        Assert.Equal("red", afterStatus.Spec!["color"]!.GetValue<string>());
        Assert.Equal(1, afterStatus.Metadata.Generation);

        afterStatus.Spec["color"] = "blue";
        afterStatus.Status = null;
        var afterSpec = await statusClient.ReplaceNamespacedAsync(afterStatus, cluster.Namespace, "w1");

        Assert.Equal(2, afterSpec.Metadata.Generation);
        Assert.Equal("Ready", afterSpec.Status!["phase"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Create_SchemaViolation_Answers422WithFieldPathsAndStoresNothing(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            WidgetCrd.Client(cluster.Client).CreateNamespacedAsync(NewWidget("w1", new JsonObject { ["size"] = 0, ["color"] = "green" }), cluster.Namespace));

        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(["spec.color", "spec.size"], status.Details.Causes.Select(c => c.Field).Order());
        Assert.Empty((await WidgetCrd.Client(cluster.Client).ListNamespacedAsync<ObjectList<Widget>>(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task Create_KindMismatch_Answers422(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);
        var widget = NewWidget("w1");
        widget.Kind = "Gadget";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => WidgetCrd.Client(cluster.Client).CreateNamespacedAsync(widget, cluster.Namespace));

        Assert.Equal("Gadget.example.com \"w1\" is invalid: kind: Invalid value: \"Gadget\": must be Widget", status.Message);
    }

    [SkippableTheory, Backends]
    public async Task Create_WithoutKindOrApiVersion_Answers400AsTheUnstructuredDecoderDoes(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);
        var widgets = $"/apis/example.com/v1/namespaces/{cluster.Namespace}/widgets";

        var noKind = await cluster.SendAsync(HttpMethod.Post, widgets, "metadata: {name: a}", "application/yaml");
        var noApiVersion = await cluster.SendAsync(HttpMethod.Post, widgets, """{"kind":"Widget","metadata":{"name":"a"}}""");

        Assert.Equal(400, noKind.Code);
        Assert.Equal(
            "the object provided is unrecognized (must be of type Widget): Object 'Kind' is missing in 'metadata: {name: a}' (6d657461646174613a207b6e616d653a20617d)",
            (string)JsonNode.Parse(noKind.Body)!["message"]!);
        Assert.Equal(400, noApiVersion.Code);
        Assert.Equal("the API version in the data () does not match the expected API version (example.com/v1)", (string)JsonNode.Parse(noApiVersion.Body)!["message"]!);
        Assert.Empty((await WidgetCrd.Client(cluster.Client).ListNamespacedAsync<ObjectList<Widget>>(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task Create_UnknownVersion_Answers404(Backend backend)
    {
        await using var cluster = await WithWidgetsAsync(clusters, backend);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => WidgetCrd.Client(cluster.Client, "v2").CreateNamespacedAsync(NewWidget("w1"), cluster.Namespace));

        Assert.Equal((HttpStatusCode.NotFound, "404 page not found\n"), (error.Response.StatusCode, error.Response.Content));
    }

    [SkippableTheory, Backends]
    public async Task DeleteCrd_DeletesObjectsAndStopsServing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var group = OwnGroup(cluster);
        var widgets = WidgetCrd.Client(cluster.Client, group: group);
        await WidgetCrd.InstallAsync(cluster, group);
        await widgets.CreateNamespacedAsync(NewWidget("w1", group: group), cluster.Namespace);

        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets." + group);

        await Eventually.TrueAsync(
            async () => (await cluster.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items.All(c => c.Metadata.Name != "widgets." + group),
            "the CRD removed once its objects are deleted");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => widgets.ListNamespacedAsync<ObjectList<Widget>>(cluster.Namespace));
        Assert.Equal((HttpStatusCode.NotFound, "404 page not found\n"), (error.Response.StatusCode, error.Response.Content));
        await WidgetCrd.InstallAsync(cluster, group);
        Assert.Empty((await widgets.ListNamespacedAsync<ObjectList<Widget>>(cluster.Namespace)).Items);
        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets." + group);
    }

    [SkippableTheory, Backends]
    public async Task CreateCrd_ClusterScope_ServesClusterObjects(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var group = OwnGroup(cluster);
        var widgets = WidgetCrd.Client(cluster.Client, group: group);
        await WidgetCrd.InstallAsync(cluster, group, "Cluster");

        var created = await widgets.CreateAsync(NewWidget("w1", group: group));

        Assert.Null(created.Metadata.NamespaceProperty);
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => widgets.CreateNamespacedAsync(NewWidget("w2", group: group), cluster.Namespace));
        Assert.Equal((HttpStatusCode.NotFound, "404 page not found\n"), (error.Response.StatusCode, error.Response.Content));
        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets." + group);
    }

    [SkippableTheory, Backends]
    public async Task CreateCrd_BadName_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var crd = WidgetCrd.Definition(group: OwnGroup(cluster));
        crd.Metadata.Name = "gadgets." + OwnGroup(cluster);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd));

        Assert.Contains(status.Details.Causes, c => c.Field == "metadata.name");
    }
}
