using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Discovery;

[Collection(ClusterCollection.Name)]
public sealed class DiscoveryIntegrationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task CoreResources_ListBuiltInsWithShortNamesAndSubresources(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var resources = await cluster.Client.CoreV1.GetAPIResourcesAsync();

        Assert.Equal(["cm"], resources.Resources.Single(r => r.Name == "configmaps").ShortNames);
        Assert.Equal(["pvc"], resources.Resources.Single(r => r.Name == "persistentvolumeclaims").ShortNames);
        Assert.Contains(resources.Resources, r => r.Name == "persistentvolumeclaims/status");
        Assert.Contains(resources.Resources, r => r.Name == "namespaces/finalize");
        var ephemeral = resources.Resources.Single(r => r.Name == "pods/ephemeralcontainers");
        Assert.Equal(("Pod", true, "get,patch,update"), (ephemeral.Kind, ephemeral.Namespaced, string.Join(',', ephemeral.Verbs)));
        Assert.DoesNotContain(resources.Resources, r => r.Name == "pods/resize");
        Assert.Equal(
            "pods;pods/attach:PodAttachOptions:create,get;pods/binding:Binding:create;pods/ephemeralcontainers:Pod:get,patch,update;pods/eviction:Eviction:create;pods/exec:PodExecOptions:create,get;"
            + "pods/log:Pod:get;pods/portforward:PodPortForwardOptions:create,get;pods/proxy:PodProxyOptions:create,delete,get,patch,update;pods/status:Pod:get,patch,update",
            string.Join(';', resources.Resources.Where(r => r.Name.StartsWith("pods/", StringComparison.Ordinal)).Select(r => $"{r.Name}:{r.Kind}:{string.Join(',', r.Verbs)}").Prepend("pods")));
        var eviction = resources.Resources.Single(r => r.Name == "pods/eviction");
        Assert.Equal(("policy", "v1", "Eviction", "create"), (eviction.Group, eviction.Version, eviction.Kind, string.Join(',', eviction.Verbs)));
        Assert.False(resources.Resources.Single(r => r.Name == "namespaces").Namespaced);
    }

    [SkippableTheory, Backends]
    public async Task Groups_ListBuiltInGroups(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var groups = await cluster.Client.Apis.GetAPIVersionsAsync();

        Assert.Superset(
            new HashSet<string> { "apiextensions.k8s.io", "apps", "coordination.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io", "apiregistration.k8s.io", "events.k8s.io" },
            groups.Groups.Select(g => g.Name).ToHashSet());
    }

    [SkippableTheory, Backends]
    public async Task Version_ReportsKubernetesVersion(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var version = await cluster.Client.Version.GetCodeAsync();

        Assert.Equal(("v1.32.6", "1", "32"), (version.GitVersion, version.Major, version.Minor));
    }

    [SkippableTheory]
    [BackendsData("/healthz")]
    [BackendsData("/livez")]
    [BackendsData("/readyz")]
    public async Task Health_AnswersOk(Backend backend, string path)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync(path);

        Assert.Equal((200, "ok"), (code, body));
        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Apis_AggregatedDiscoveryAccept_AnswersApiGroupDiscoveryList(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, contentType, body) = await cluster.GetWithContentTypeAsync("/apis",
            accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");

        Assert.Equal(200, code);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", contentType);
        var list = JsonNode.Parse(body)!;
        Assert.Equal("APIGroupDiscoveryList", list["kind"]!.GetValue<string>());
        var apps = list["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.GetValue<string>() == "apps")!;
        Assert.Equal("controllerrevisions", apps["versions"]![0]!["resources"]![0]!["resource"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Get_TableAccept_AnswersNameAndAgeTable(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, cluster.Namespace);

        var (code, body) = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps",
            accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        Assert.Equal(200, code);
        var table = JsonNode.Parse(body)!;
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("Name", table["columnDefinitions"]![0]!["name"]!.GetValue<string>());
        var row = table["rows"]!.AsArray().Single()!;
        Assert.Equal("a", row["cells"]![0]!.GetValue<string>());
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    [Trait("EmbeddedOnly", "registers an in-process aggregated API (ApiServer.RegisterAggregatedApi)")]
    public async Task RegisterAggregatedApi_ForwardsRequestsAndAppearsInDiscovery()
    {
        await using var env = new InProcessServer();
        var backend = new EchoBackend();
        env.Server.RegisterAggregatedApi("subresources.kubevirt.io", "v1", backend,
            [new V1APIResource { Name = "virtualmachineinstances/freeze", Namespaced = true, Kind = "VirtualMachineInstance", Verbs = ["update"], SingularName = string.Empty }]);

        var (code, _, body) = await RawRequests.SendAsync(env.Server, "PUT", "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/vm1/freeze", "{}");
        var groups = await env.Client.Apis.GetAPIVersionsAsync();
        var resources = await env.Client.CustomObjects.GetAPIResourcesAsync("subresources.kubevirt.io", "v1");
        var apiService = await env.Client.ApiregistrationV1.ReadAPIServiceAsync("v1.subresources.kubevirt.io");

        Assert.Equal((202, "PUT /apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/vm1/freeze"), (code, body));
        Assert.Contains(groups.Groups, g => g.Name == "subresources.kubevirt.io");
        Assert.Equal("virtualmachineinstances/freeze", Assert.Single(resources.Resources).Name);
        Assert.Contains(apiService.Status.Conditions, c => c.Type == "Available" && c.Status == "True");
    }

    private sealed class EchoBackend : IApiHandler
    {
        public ValueTask<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ApiResponse>(new BufferedApiResponse(202, "text/plain", System.Text.Encoding.UTF8.GetBytes(request.Method + " " + request.Path)));
    }
}
