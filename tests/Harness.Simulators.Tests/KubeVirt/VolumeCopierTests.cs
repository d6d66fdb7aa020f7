using Harness.Scenarios.Cluster;
using Harness.Simulators.KubeVirt.Cdi;
using Harness.Simulators.Tests.Csi;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>The host-assisted clone's copy: in-process through the CSI store, live through NodePublishVolume of both volumes.</summary>
public sealed class VolumeCopierTests : IDisposable
{
    private const long Size = 4 * MiB;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "harness-copier-" + Environment.ProcessId + "-" + UniqueName("run"));

    public static TheoryData<string> Copiers => ["in-process", "published"];

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Copiers))]
    public async Task Copy_TargetHoldsTheSourceBytes_SourceUnchanged(string kind)
    {
        var csi = new InProcessDriver();
        var source = (await csi.Clients.Controller.CreateVolumeAsync(Volume(UniqueName("golden"), Size))).Volume.VolumeId;
        var target = (await csi.Clients.Controller.CreateVolumeAsync(Volume(UniqueName("copy"), 2 * Size))).Volume.VolumeId;
        var content = CsiContentTests.Pattern(Size, seed: 5);
        await csi.Driver.Store.Open(source).WriteAsync(0, content);
        var sourceHash = csi.Driver.Store.GetVolumeContentHash(source);

        await Copier(kind, csi).CopyAsync(new ClaimVolume("golden/golden", "csi.test.harness", source), new ClaimVolume("ns/copy", "csi.test.harness", target), CancellationToken.None);

        Assert.Equal(sourceHash, csi.Driver.Store.GetVolumeContentHash(target));
        Assert.Equal(sourceHash, csi.Driver.Store.GetVolumeContentHash(source));
        var copied = new byte[Size];
        await csi.Driver.Store.Open(target).ReadAsync(0, copied);
        Assert.Equal(content, copied);
        Assert.False(Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any(), "the published files are gone");
    }

    [Theory, MemberData(nameof(Copiers))]
    public async Task Copy_DriverNotInTheCluster_SaysWhich(string kind)
    {
        var csi = new InProcessDriver();
        var volume = new ClaimVolume("ns/copy", "csi.other", "vol-1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Copier(kind, csi).CopyAsync(volume, volume, CancellationToken.None));

        Assert.Contains("claim ns/copy is on driver csi.other", error.Message, StringComparison.Ordinal);
    }

    private IVolumeCopier Copier(string kind, InProcessDriver csi) => kind == "in-process"
        ? new InProcessVolumeCopier(new Dictionary<string, Simulators.Csi.CsiDriverSimulator> { ["csi.test.harness"] = csi.Driver })
        : new PublishedVolumeCopier(new Dictionary<string, Grpc.Core.CallInvoker> { ["csi.test.harness"] = csi.Driver.CreateCallInvoker() }, directory);
}
