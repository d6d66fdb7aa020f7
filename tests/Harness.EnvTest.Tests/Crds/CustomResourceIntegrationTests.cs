using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Crds;

public sealed class CustomResourceIntegrationTests
{
    private static Widget NewWidget(string name, JsonObject? spec = null) => new() { Metadata = new V1ObjectMeta { Name = name }, Spec = spec ?? new JsonObject { ["color"] = "red" } };

    [Fact]
    public async Task CreateCrd_IsEstablishedAndServedAtOnce()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);

        var crd = await env.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com");
        var widget = await WidgetCrd.Client(env.Client).CreateNamespacedAsync(NewWidget("w1"), "default");

        Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
        Assert.Contains(crd.Status.Conditions, c => c.Type == "NamesAccepted" && c.Status == "True");
        Assert.Equal("widgets", crd.Status.AcceptedNames.Plural);
        Assert.Equal(["v1"], crd.Status.StoredVersions);
        Assert.Equal(1, widget.Metadata.Generation);
        Assert.Equal(3, widget.Spec!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Discovery_ListsCustomResourceWithShortNamesAndStatus()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);

        var resources = await env.Client.CustomObjects.GetAPIResourcesAsync("example.com", "v1");
        var groups = await env.Client.Apis.GetAPIVersionsAsync();

        var widgets = Assert.Single(resources.Resources, r => r.Name == "widgets");
        Assert.Equal(["wd"], widgets.ShortNames);
        Assert.Equal(["all"], widgets.Categories);
        Assert.Equal("widget", widgets.SingularName);
        Assert.True(widgets.Namespaced);
        Assert.Contains(resources.Resources, r => r.Name == "widgets/status");
        var group = Assert.Single(groups.Groups, g => g.Name == "example.com");
        Assert.Equal("v1", group.PreferredVersion.Version);
        Assert.Equal(["v1", "v1beta1"], group.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Get_OtherServedVersion_RewritesOnlyApiVersion()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);
        await WidgetCrd.Client(env.Client).CreateNamespacedAsync(NewWidget("w1"), "default");

        var beta = await WidgetCrd.Client(env.Client, "v1beta1").ReadNamespacedAsync<Widget>("default", "w1");

        Assert.Equal("example.com/v1beta1", beta.ApiVersion);
        Assert.Equal("red", beta.Spec!["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_WithoutResourceVersion_Answers422()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);
        await WidgetCrd.Client(env.Client).CreateNamespacedAsync(NewWidget("w1"), "default");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            WidgetCrd.Client(env.Client).ReplaceNamespacedAsync(NewWidget("w1", new JsonObject { ["color"] = "blue" }), "default", "w1"));

        Assert.Equal("widgets.example.com \"w1\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", status.Message);
    }

    [Fact]
    public async Task Replace_SpecAndStatus_BumpsGenerationAndKeepsStatus()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);
        var widgets = WidgetCrd.Client(env.Client);
        var created = await widgets.CreateNamespacedAsync(NewWidget("w1"), "default");
        created.Status = new JsonObject { ["phase"] = "Ready" };
        var withStatus = await widgets.ReplaceNamespacedAsync(created, "default", "w1");
        Assert.Null(withStatus.Status);

        var statusClient = new GenericClient(env.Client, "example.com", "v1", "widgets", disposeClient: false);
        withStatus.Status = new JsonObject { ["phase"] = "Ready" };
        withStatus.Spec = new JsonObject { ["color"] = "blue" };
        var response = await env.Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(withStatus, "example.com", "v1", "default", "widgets", "w1");
        var afterStatus = KubernetesJson.Deserialize<Widget>(KubernetesJson.Serialize(response));
        Assert.Equal("Ready", afterStatus.Status!["phase"]!.GetValue<string>());
        Assert.Equal("red", afterStatus.Spec!["color"]!.GetValue<string>());
        Assert.Equal(1, afterStatus.Metadata.Generation);

        afterStatus.Spec["color"] = "blue";
        afterStatus.Status = null;
        var afterSpec = await statusClient.ReplaceNamespacedAsync(afterStatus, "default", "w1");

        Assert.Equal(2, afterSpec.Metadata.Generation);
        Assert.Equal("Ready", afterSpec.Status!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_SchemaViolation_Answers422WithFieldPathsAndStoresNothing()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            WidgetCrd.Client(env.Client).CreateNamespacedAsync(NewWidget("w1", new JsonObject { ["size"] = 0, ["color"] = "green" }), "default"));

        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(["spec.color", "spec.size"], status.Details.Causes.Select(c => c.Field).Order());
        Assert.Empty((await WidgetCrd.Client(env.Client).ListNamespacedAsync<CustomResourceList<Widget>>("default")).Items);
    }

    [Fact]
    public async Task Create_KindMismatch_Answers422()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);
        var widget = NewWidget("w1");
        widget.Kind = "Gadget";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => WidgetCrd.Client(env.Client).CreateNamespacedAsync(widget, "default"));

        Assert.Equal("Gadget.example.com \"w1\" is invalid: kind: Invalid value: \"Gadget\": must be Widget", status.Message);
    }

    [Fact]
    public async Task Create_UnknownVersion_Answers404()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => WidgetCrd.Client(env.Client, "v2").CreateNamespacedAsync(NewWidget("w1"), "default"));

        Assert.Equal("the server could not find the requested resource", status.Message);
    }

    [Fact]
    public async Task DeleteCrd_DeletesObjectsAndStopsServing()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client);
        await WidgetCrd.Client(env.Client).CreateNamespacedAsync(NewWidget("w1"), "default");

        await env.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.example.com");

        Assert.Empty((await env.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => WidgetCrd.Client(env.Client).ListNamespacedAsync<CustomResourceList<Widget>>("default"));
        await WidgetCrd.InstallAsync(env.Client);
        Assert.Empty((await WidgetCrd.Client(env.Client).ListNamespacedAsync<CustomResourceList<Widget>>("default")).Items);
    }

    [Fact]
    public async Task CreateCrd_ClusterScope_ServesClusterObjects()
    {
        await using var env = new InProcessServer();
        await WidgetCrd.InstallAsync(env.Client, "Cluster");

        var created = await WidgetCrd.Client(env.Client).CreateAsync(NewWidget("w1"));

        Assert.Null(created.Metadata.NamespaceProperty);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => WidgetCrd.Client(env.Client).CreateNamespacedAsync(NewWidget("w2"), "default"));
    }

    [Fact]
    public async Task CreateCrd_BadName_Answers422()
    {
        await using var env = new InProcessServer();
        var crd = WidgetCrd.Definition();
        crd.Metadata.Name = "gadgets.example.com";

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd));

        Assert.Contains(status.Details.Causes, c => c.Field == "metadata.name");
    }
}
