using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi.Capabilities;

/// <summary>Each capability switched off: not advertised, its RPCs UNIMPLEMENTED (options and the command line).</summary>
public sealed class CsiCapabilityFlagsTests
{
    public static TheoryData<string> Flags => [.. FlagChecks.Keys];

    /// <summary>For each <c>--no-…</c> flag: the option it clears, and the calls that must then answer UNIMPLEMENTED.</summary>
    private static readonly Dictionary<string, (Action<CsiDriverSimulatorOptions> TurnOff, Func<CsiClients, Task>[] Calls)> FlagChecks = new()
    {
        ["--no-list-volumes"] = (o => o.ListVolumesSupported = false, [c => c.Controller.ListVolumesAsync(new ListVolumesRequest()).ResponseAsync]),
        ["--no-get-capacity"] = (o => o.GetCapacitySupported = false, [c => c.Controller.GetCapacityAsync(new GetCapacityRequest()).ResponseAsync]),
        ["--no-expansion"] = (o => o.ExpansionSupported = false,
        [
            c => c.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = "v", CapacityRange = Bytes(1) }).ResponseAsync,
            c => c.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumeId = "v", VolumePath = "/p" }).ResponseAsync,
        ]),
        ["--no-stage-unstage"] = (o => o.StageUnstageSupported = false,
        [
            c => c.Node.NodeStageVolumeAsync(Stage("v", "/p")).ResponseAsync,
            c => c.Node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = "v", StagingTargetPath = "/p" }).ResponseAsync,
        ]),
        ["--no-volume-stats"] = (o => o.VolumeStatsSupported = false, [c => c.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = "v", VolumePath = "/p" }).ResponseAsync]),
        ["--no-controller-publish"] = (o => o.ControllerPublishSupported = false,
        [
            c => c.Controller.ControllerPublishVolumeAsync(new ControllerPublishVolumeRequest { VolumeId = "v", NodeId = "n", VolumeCapability = Mount() }).ResponseAsync,
            c => c.Controller.ControllerUnpublishVolumeAsync(new ControllerUnpublishVolumeRequest { VolumeId = "v" }).ResponseAsync,
        ]),
        ["--no-modify-volume"] = (o => o.ModifyVolumeSupported = false, [c => c.Controller.ControllerModifyVolumeAsync(new ControllerModifyVolumeRequest { VolumeId = "v" }).ResponseAsync]),
        ["--no-group-snapshots"] = (o => o.GroupSnapshotsSupported = false,
        [
            c => c.GroupController.GroupControllerGetCapabilitiesAsync(new GroupControllerGetCapabilitiesRequest()).ResponseAsync,
            c => c.GroupController.CreateVolumeGroupSnapshotAsync(new CreateVolumeGroupSnapshotRequest { Name = "g", SourceVolumeIds = { "v" } }).ResponseAsync,
            c => c.GroupController.GetVolumeGroupSnapshotAsync(new GetVolumeGroupSnapshotRequest { GroupSnapshotId = "g" }).ResponseAsync,
            c => c.GroupController.DeleteVolumeGroupSnapshotAsync(new DeleteVolumeGroupSnapshotRequest { GroupSnapshotId = "g" }).ResponseAsync,
        ]),
    };

    [Theory, MemberData(nameof(Flags))]
    public async Task CapabilityOff_InProcess_NotAdvertisedAndUnimplemented(string flag)
    {
        var (turnOff, calls) = FlagChecks[flag];
        var csi = new InProcessDriver(turnOff).Clients;
        var full = await AdvertisedAsync(new InProcessDriver().Clients);

        var advertised = await AdvertisedAsync(csi);

        Assert.True(advertised.Count < full.Count, $"{flag} leaves every capability advertised: {string.Join(", ", advertised)}");
        Assert.Subset(full.ToHashSet(), advertised.ToHashSet());
        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => call(csi));
            Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        }
    }

    [Fact]
    public async Task EveryCapabilityOff_FromTheCommandLine_OnlyTheBaseCapabilitiesRemain()
    {
        using var directory = new TemporaryDirectory();
        await using var driver = await DriverProcess.StartAsync(directory.Combine("csi.sock"), ["--driver-name", "csi.bare", "--no-snapshots", .. FlagChecks.Keys]);
        using var channel = driver.CreateChannel();
        var csi = new CsiClients(channel.CreateCallInvoker());

        var advertised = await AdvertisedAsync(csi);

        Assert.Equal(["controller:CloneVolume", "controller:CreateDeleteVolume", "plugin:ControllerService"], advertised.Order(StringComparer.Ordinal));
        foreach (var call in FlagChecks.Values.SelectMany(f => f.Calls))
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => call(csi));
            Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        }
    }

    [Fact]
    public async Task TotalCapacity_Malformed_ExitsTwoNamingTheOption()
    {
        var (exitCode, error) = await DriverProcess.RunToExitAsync("--endpoint", "unix:///tmp/never.sock", "--driver-name", "csi.x", "--total-capacity", "lots");

        Assert.Equal(2, exitCode);
        Assert.Contains("--total-capacity: 'lots' is not a size", error, StringComparison.Ordinal);
    }

    private static async Task<List<string>> AdvertisedAsync(CsiClients csi)
    {
        var plugin = (await csi.Identity.GetPluginCapabilitiesAsync(new GetPluginCapabilitiesRequest())).Capabilities
            .Select(c => c.TypeCase == PluginCapability.TypeOneofCase.Service ? $"plugin:{c.Service.Type}" : $"expansion:{c.VolumeExpansion.Type}");
        var controller = (await csi.Controller.ControllerGetCapabilitiesAsync(new ControllerGetCapabilitiesRequest())).Capabilities.Select(c => $"controller:{c.Rpc.Type}");
        var node = (await csi.Node.NodeGetCapabilitiesAsync(new NodeGetCapabilitiesRequest())).Capabilities.Select(c => $"node:{c.Rpc.Type}");
        return [.. plugin, .. controller, .. node];
    }
}
