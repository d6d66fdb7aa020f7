using Harness.Api.Clients;
using Harness.EnvTest.Environment;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Faults.Api;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Tests.Faults;

/// <summary>
/// A live run's API faults: the embedded server, over HTTPS, answers a component's requests (named by their
/// <c>User-Agent</c>) with that component's faults, and everybody else's as it would.
/// </summary>
public sealed class ComponentFaultRouterTests
{
    [Fact]
    public async Task OverHttps_AComponentsClientMeetsItsFaults_TheScenariosOwnClientNone()
    {
        var recorded = new List<(string Component, string Detail)>();
        var faults = new ApiFaults(new SimulationSeed(11), (component, _, detail) =>
        {
            lock (recorded)
            {
                recorded.Add((component, detail));
            }
        });
        faults.Configure(requestChance: 1, watchChance: 0);
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            TimeProvider = TimeProvider.System,
            TaskFactory = Task.Factory,
            EnvironmentVariable = _ => null,
            EmbeddedFront = server => new ComponentFaultRouter(server, faults, ComponentNames.ApiClients, TimeProvider.System, HarnessCluster.AggregatedGroups),
        });
        await environment.StartAsync();
        using var controller = new Kubernetes(environment.Configuration, new UserAgentHandler(ComponentNames.UserAgent(ComponentNames.Controller)));
        using var stranger = new Kubernetes(environment.Configuration, new UserAgentHandler("harness-stranger"));

        var listedBefore = await controller.CoreV1.ListNamespacedConfigMapAsync("default");
        faults.Start();
        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => controller.CoreV1.ListNamespacedConfigMapAsync("default"));
        var created = await environment.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "default");
        var read = await stranger.CoreV1.ReadNamespacedConfigMapAsync("cm", "default");
        faults.Stop();
        var listedAfter = await controller.CoreV1.ListNamespacedConfigMapAsync("default");

        Assert.NotNull(listedBefore);
        Assert.Contains((int)failed.Response.StatusCode, new[] { 429, 500, 504 });
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Single(listedAfter.Items);
        var fault = Assert.Single(recorded);
        Assert.Equal(ComponentNames.Controller, fault.Component);
        Assert.StartsWith("GET answered ", fault.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("harness-controller/harness", "harness-controller")]
    [InlineData("kubectl/v1.32.6 (linux/amd64) kubernetes/abc", "kubectl")]
    [InlineData("csi-snapshotter", "csi-snapshotter")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ProductOf_IsTheUserAgentsFirstToken(string? userAgent, string? product) =>
        Assert.Equal(product, UserAgentHandler.ProductOf(userAgent));

    [Fact]
    public void TheControllerProcess_NamesItselfAsTheRouterExpects() =>
        Assert.Equal(Controller.Hosting.ControllerProcess.UserAgentProduct, ComponentNames.UserAgent(ComponentNames.Controller));
}
