using Harness.EnvTest.Crds;
using k8s;
using k8s.Models;

namespace Harness.Scenarios.Tests.Cluster;

public sealed class SimulatedClusterCrdTests
{
    [Fact]
    public void Run_InstallsEveryHarnessCrdEstablished_UnderTheFieldManagerOfTheClientsOwnWrites()
    {
        var world = new ClusterWorld(1);
        V1CustomResourceDefinitionList? crds = null;
        V1Namespace? written = null;
        world.Run(async () =>
        {
            crds = await world.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync();
            written = await world.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "written-by-client" } });
        });

        var expected = CrdManifests.ReadAllJson().Select(crd => crd["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, crds!.Items.Select(crd => crd.Metadata.Name).Order(StringComparer.Ordinal));
        var manager = Assert.Single(written!.Metadata.ManagedFields).Manager;
        Assert.NotEmpty(manager);
        Assert.All(crds.Items, crd =>
        {
            Assert.Contains(crd.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
            Assert.Equal(manager, Assert.Single(crd.Metadata.ManagedFields).Manager);
        });
    }
}
