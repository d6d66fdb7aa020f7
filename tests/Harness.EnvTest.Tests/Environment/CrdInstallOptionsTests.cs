using Harness.EnvTest.Crds;
using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Tests.Environment;

public sealed class CrdInstallOptionsTests
{
    [Fact]
    public void HarnessCrds_Always_ReadsEveryManifestAsATypedCrd()
    {
        var crds = CrdInstallOptions.HarnessCrds();

        Assert.Equal(CrdManifests.Names.Order(), crds.Select(crd => crd.Metadata.Name).Order());
        var snapshots = Assert.Single(crds, crd => crd.Metadata.Name == "virtualmachinesnapshots.snapshot.kubevirt.io");
        Assert.Contains("vmsnapshot", snapshots.Spec.Names.ShortNames);
        Assert.Equal(["v1alpha1", "v1beta1"], snapshots.Spec.Versions.Where(version => version.Served).Select(version => version.Name).Order());
        Assert.Equal("v1beta1", Assert.Single(snapshots.Spec.Versions, version => version.Storage).Name);
        Assert.NotNull(snapshots.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"]);
    }
}
