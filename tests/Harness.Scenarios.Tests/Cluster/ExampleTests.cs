namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// examples/README.md's "More examples", each block typed with the real kubectl against the cluster <c>harness up</c>
/// runs (with the controller in the process, its default), on the embedded API server and on kube-apiserver + etcd; then
/// what the block's comments promise is checked. The blocks run on one cluster per backend (<see cref="ExampleClusters"/>).
/// </summary>
public sealed class ExampleTests(ExampleClusters clusters) : IClassFixture<ExampleClusters>
{
    [SkippableTheory]
    [InlineData("embedded")]
    [InlineData("binaries")]
    public async Task TwoDiskVm_Snapshot_OneReadyVolumeSnapshotPerDiskFrozenByTheAgent(string backend)
    {
        var cluster = await clusters.OnAsync(backend);
        var kubectl = cluster.Kubectl;

        await ExamplesReadme.RunAsync(kubectl, ExamplesReadme.Commands("A VM with two disks"));

        Assert.Equal("Succeeded", await kubectl.RunAsync("get", "vmsnapshot", "snap-curly", "-o", "jsonpath={.status.phase}"));
        var uid = await kubectl.RunAsync("get", "vmsnapshot", "snap-curly", "-o", "jsonpath={.metadata.uid}");
        Assert.Equal(
            $"vmsnapshot-{uid}-volume-data=true vmsnapshot-{uid}-volume-root=true",
            await kubectl.RunAsync("get", "volumesnapshot", "-l", "snapshot.kubevirt.io/source-vm-name=curly", "--sort-by", "{.metadata.name}",
                "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.readyToUse} {end}"));
        Assert.Equal("[\"root\",\"data\"]", await kubectl.RunAsync("get", "vmsnapshot", "snap-curly", "-o", "jsonpath={.status.snapshotVolumes.includedVolumes}"));
        Assert.Equal("[\"GuestAgent\",\"Online\"]", await kubectl.RunAsync("get", "vmsnapshot", "snap-curly", "-o", "jsonpath={.status.indications}"));
    }

    [SkippableTheory]
    [InlineData("embedded")]
    [InlineData("binaries")]
    public async Task VmWithoutGuestAgent_Snapshot_ReadyAndIndicatesNoGuestAgent(string backend)
    {
        var cluster = await clusters.OnAsync(backend);
        var kubectl = cluster.Kubectl;

        await ExamplesReadme.RunAsync(kubectl, ExamplesReadme.Commands("A VM without a guest agent"));

        Assert.Equal("Running", await kubectl.RunAsync("get", "vmi", "moe", "-o", "jsonpath={.status.phase}"));
        Assert.Equal("", await kubectl.RunAsync("get", "vmi", "moe", "-o", "jsonpath={.status.conditions[?(@.type==\"AgentConnected\")].type}"));
        Assert.Equal("Succeeded", await kubectl.RunAsync("get", "vmsnapshot", "snap-moe", "-o", "jsonpath={.status.phase}"));
        Assert.Equal("[\"NoGuestAgent\",\"Online\"]", await kubectl.RunAsync("get", "vmsnapshot", "snap-moe", "-o", "jsonpath={.status.indications}"));
        Assert.Equal("NoGuestAgent Online", await kubectl.RunAsync("get", "vmsnapshot", "snap-moe", "-o", "jsonpath={.status.sourceIndications[*].indication}"));
        Assert.Equal("true", await kubectl.RunAsync("get", "volumesnapshot", "-l", "snapshot.kubevirt.io/source-vm-name=moe", "-o", "jsonpath={.items[*].status.readyToUse}"));
    }

    [SkippableTheory]
    [InlineData("embedded")]
    [InlineData("binaries")]
    public async Task OwnSnapshotClass_NamedByTheStorageProfile_CutsWithItAndRetainsTheContent(string backend)
    {
        var cluster = await clusters.OnAsync(backend);
        var kubectl = cluster.Kubectl;
        var commands = ExamplesReadme.Commands("A VolumeSnapshotClass of your own");
        Assert.Equal(["delete", "vmsnapshot", "snap-shemp"], commands[^1]);

        await ExamplesReadme.RunAsync(kubectl, commands[..^1]);
        var snapshot = await kubectl.RunAsync("get", "volumesnapshot", "-l", "snapshot.kubevirt.io/source-vm-name=shemp", "-o", "jsonpath={.items[*].metadata.name}");
        var content = await kubectl.RunAsync("get", "volumesnapshot", snapshot, "-o", "jsonpath={.status.boundVolumeSnapshotContentName}");
        Assert.Equal("harness-csi-retain", await kubectl.RunAsync("get", "volumesnapshot", snapshot, "-o", "jsonpath={.spec.volumeSnapshotClassName}"));
        Assert.Equal("Retain", await kubectl.RunAsync("get", "volumesnapshotcontent", content, "-o", "jsonpath={.spec.deletionPolicy}"));
        await ExamplesReadme.RunAsync(kubectl, commands[^1..]);

        await kubectl.RunAsync("wait", "volumesnapshot", snapshot, "--for", "delete", "--timeout=60s");
        Assert.Equal("Retain", await kubectl.RunAsync("get", "volumesnapshotcontent", content, "-o", "jsonpath={.spec.deletionPolicy}"));
        Assert.Equal("harness-csi-snapshots", await kubectl.RunAsync("get", "storageprofile", "harness-csi", "-o", "jsonpath={.status.snapshotClass}"));
    }
}
