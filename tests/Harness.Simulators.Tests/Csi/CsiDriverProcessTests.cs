using System.Diagnostics;
using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Faults;
using Harness.Simulators.Csi.Faults.Control;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi;

/// <summary>The <c>harness-csi-driver</c> executable: signals, crashes and restarts, its command line.</summary>
public sealed class CsiDriverProcessTests
{
    private const long Size = 4 * MiB;

    [Fact]
    public async Task Sigterm_WhileServing_ExitsZeroAndRemovesTheSocket()
    {
        using var directory = new TemporaryDirectory();
        await using var driver = await DriverProcess.StartAsync(directory.Combine("csi.sock"), "--driver-name", "csi.term");

        await driver.TerminateAsync();

        Assert.Equal(0, driver.ExitCode);
        Assert.False(File.Exists(driver.SocketPath));
    }

    [Fact]
    public async Task Start_StaleSocketFile_ReplacesItAndServes()
    {
        using var directory = new TemporaryDirectory();
        var socket = directory.Combine("csi.sock");
        await File.WriteAllTextAsync(socket, "stale");
        await using var driver = await DriverProcess.StartAsync(socket, "--driver-name", "csi.stale");
        using var channel = driver.CreateChannel();

        var info = await new Identity.IdentityClient(channel).GetPluginInfoAsync(new GetPluginInfoRequest());

        Assert.Equal("csi.stale", info.Name);
    }

    [Fact]
    public async Task Kill_DuringCreateSnapshot_ClientSeesUnavailableAndRestartedDriverKeepsTheCut()
    {
        using var directory = new TemporaryDirectory();
        var socket = directory.Combine("csi.sock");
        string[] common = ["--driver-name", "csi.crash", "--state-dir", directory.Combine("state")];
        var first = await DriverProcess.StartAsync(socket, [.. common, "--fault", "create-snapshot-latency=10m"]);
        string volumeId;
        Task<CreateSnapshotResponse> snapshotCall;
        var target = directory.Combine("targets", "source");
        var cutContent = CsiContentTests.Pattern(Size, seed: 11);
        await using (first)
        {
            using var channel = first.CreateChannel();
            var csi = new CsiClients(channel.CreateCallInvoker());
            volumeId = (await csi.Controller.CreateVolumeAsync(Volume("crash-source", Size))).Volume.VolumeId;
            await csi.Node.NodePublishVolumeAsync(Publish(volumeId, target, block: true));
            await File.WriteAllBytesAsync(target, cutContent);

            snapshotCall = csi.Controller.CreateSnapshotAsync(Snapshot("crash-snap", volumeId)).ResponseAsync;
            await WaitUntilAsync(() => File.ReadAllText(Path.Combine(directory.Combine("state"), "csi-driver-state.json")).Contains("crash-snap", StringComparison.Ordinal));
            await File.WriteAllBytesAsync(target, CsiContentTests.Pattern(Size, seed: 12));
            await first.KillAsync();

            var lost = await Assert.ThrowsAsync<RpcException>(() => snapshotCall);
            Assert.Equal(StatusCode.Unavailable, lost.StatusCode);
        }

        await using var second = await DriverProcess.StartAsync(socket, common);
        using var secondChannel = second.CreateChannel();
        var restarted = new CsiClients(secondChannel.CreateCallInvoker());

        var retried = (await restarted.Controller.CreateSnapshotAsync(Snapshot("crash-snap", volumeId))).Snapshot;
        Assert.Equal(volumeId, retried.SourceVolumeId);
        Assert.Equal(retried, Assert.Single((await restarted.Controller.ListSnapshotsAsync(new ListSnapshotsRequest())).Entries).Snapshot);
        var restoredId = (await restarted.Controller.CreateVolumeAsync(VolumeFromSnapshot("crash-restored", retried.SnapshotId))).Volume.VolumeId;
        var restoredTarget = directory.Combine("targets", "restored");
        await restarted.Node.NodePublishVolumeAsync(Publish(restoredId, restoredTarget, block: true));
        Assert.Equal(cutContent, await File.ReadAllBytesAsync(restoredTarget));

        await restarted.Node.NodePublishVolumeAsync(Publish(volumeId, target, block: true));
        Assert.Equal(CsiContentTests.Pattern(Size, seed: 12), await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task Faults_FromTheCommandLine_ReachTheClient()
    {
        using var directory = new TemporaryDirectory();
        await using var driver = await DriverProcess.StartAsync(
            directory.Combine("csi.sock"),
            "--driver-name", "csi.faulty", "--round-restore-size", "1Gi", "--fault", "create-snapshot-error=Unavailable:0", "--fault", "snapshot-never-ready", "--fault", "create-volume-error=ResourceExhausted:0");
        using var channel = driver.CreateChannel();
        var csi = new CsiClients(channel.CreateCallInvoker());

        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("faulty", Size))).Volume.VolumeId;
        var snapshot = (await csi.Controller.CreateSnapshotAsync(Snapshot("faulty-snap", volumeId))).Snapshot;

        Assert.False(snapshot.ReadyToUse);
        Assert.Equal(1024 * MiB, snapshot.SizeBytes);
    }

    [Fact]
    public async Task Faults_SwitchedWhileServing_ApplyToLaterCalls_AndABadOneChangesNothing()
    {
        using var directory = new TemporaryDirectory();
        await using var driver = await DriverProcess.StartAsync(directory.Combine("csi.sock"), "--driver-name", "csi.switched", "--fault", "snapshot-never-ready");
        using var channel = driver.CreateChannel();
        var csi = new CsiClients(channel.CreateCallInvoker());
        var control = new FaultControl.FaultControlClient(channel);
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("switched", Size))).Volume.VolumeId;

        var neverReady = (await csi.Controller.CreateSnapshotAsync(Snapshot("switched-1", volumeId))).Snapshot;
        var refused = await Assert.ThrowsAsync<RpcException>(() => control.SetFaultsAsync(new SetFaultsRequest { Faults = { "snapshot-ready-after=1s", "snapshot-sometimes" } }).ResponseAsync);
        var stillNeverReady = (await csi.Controller.CreateSnapshotAsync(Snapshot("switched-2", volumeId))).Snapshot;
        await control.SetFaultsAsync(new SetFaultsRequest { Faults = { "create-snapshot-error=Unavailable" } });
        var failing = await Assert.ThrowsAsync<RpcException>(() => csi.Controller.CreateSnapshotAsync(Snapshot("switched-3", volumeId)).ResponseAsync);
        await control.SetFaultsAsync(new SetFaultsRequest());
        var healed = (await csi.Controller.CreateSnapshotAsync(Snapshot("switched-4", volumeId))).Snapshot;

        Assert.False(neverReady.ReadyToUse);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("--fault: unknown fault 'snapshot-sometimes'", refused.Status.Detail, StringComparison.Ordinal);
        Assert.False(stillNeverReady.ReadyToUse);
        Assert.Equal(StatusCode.Unavailable, failing.StatusCode);
        Assert.True(healed.ReadyToUse);
    }

    [Fact]
    public async Task NoSnapshots_FromTheCommandLine_SnapshotRpcsUnimplemented()
    {
        using var directory = new TemporaryDirectory();
        await using var driver = await DriverProcess.StartAsync(directory.Combine("csi.sock"), "--driver-name", "csi.plain", "--no-snapshots");
        using var channel = driver.CreateChannel();
        var csi = new CsiClients(channel.CreateCallInvoker());

        await RpcAssert.FailsWith(StatusCode.Unimplemented, () => csi.Controller.CreateSnapshotAsync(Snapshot("plain", "vol-x")));
    }

    [Fact]
    public async Task CsiDriverProcess_Started_ServesGeneratedClientsUntilKilled()
    {
        using var directory = new TemporaryDirectory();
        var socket = directory.Combine("csi.sock");
        await using var driver = await Harness.Simulators.Csi.Hosting.CsiDriverProcess.StartAsync(
            socket, ["--driver-name", "csi.launched"], TimeSpan.FromSeconds(30), TimeProvider.System);
        var csi = new CsiClients(driver.CallInvoker);

        var volume = await csi.Controller.CreateVolumeAsync(Volume("launched", Size));
        Assert.NotEmpty(volume.Volume.VolumeId);

        await driver.KillAsync();
        await RpcAssert.FailsWith(StatusCode.Unavailable, () => csi.Identity.ProbeAsync(new ProbeRequest()));
    }

    [Fact]
    public async Task CsiDriverProcess_InjectingAFault_ReportsItToItsStarter()
    {
        using var directory = new TemporaryDirectory();
        var reported = new TaskCompletionSource<CsiFaultInjected>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var driver = await Harness.Simulators.Csi.Hosting.CsiDriverProcess.StartAsync(
            directory.Combine("csi.sock"), ["--driver-name", "csi.reporting", "--fault", "create-snapshot-error=Unavailable"], TimeSpan.FromSeconds(30), TimeProvider.System, f => reported.TrySetResult(f));
        var csi = new CsiClients(driver.CallInvoker);
        var volumeId = (await csi.Controller.CreateVolumeAsync(Volume("reporting", Size))).Volume.VolumeId;

        await RpcAssert.FailsWith(StatusCode.Unavailable, () => csi.Controller.CreateSnapshotAsync(Snapshot("reported", volumeId)));
        var fault = await reported.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(CsiFaults.CreateSnapshotFailsFault, fault.Fault);
        Assert.Equal("reported", fault.Target);
        Assert.Contains("Unavailable", fault.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csi-driver: fault SnapshotLost on snap-1: vanishes 00:00:05 after the cut", true)]
    [InlineData("csi-driver: fault SnapshotLost snap-1", false)]
    [InlineData("info: harness-csi-driver[0] Serving CSI driver", false)]
    public void CsiFaultReport_Line_ParsesOnlyWhatFormatWrites(string line, bool parsed)
    {
        Assert.Equal(parsed, CsiFaultReport.TryParse(line, out var fault));
        if (parsed)
        {
            Assert.Equal(line, CsiFaultReport.Format(fault));
            Assert.Equal(("SnapshotLost", "snap-1", "vanishes 00:00:05 after the cut"), (fault.Fault, fault.Target, fault.Detail));
        }
    }

    [Theory]
    [InlineData(1, "Option '--endpoint' is required", "--driver-name", "csi.x")]
    [InlineData(1, "Option '--driver-name' is required", "--endpoint", "unix:///tmp/x.sock")]
    [InlineData(1, "Unrecognized command or argument", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--bogus")]
    [InlineData(2, "is not a unix:///absolute/path endpoint", "--endpoint", "tcp://127.0.0.1:9000", "--driver-name", "csi.x")]
    [InlineData(2, "does not name an absolute socket path", "--endpoint", "unix://relative.sock", "--driver-name", "csi.x")]
    [InlineData(2, "is not a CSI driver name", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "-bad_name-")]
    [InlineData(2, "unknown fault 'explode'", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--fault", "explode")]
    [InlineData(2, "is not a duration", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--fault", "snapshot-ready-after=soon")]
    [InlineData(2, "--fault snapshot-lost-after: '-2m' is negative", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--fault", "snapshot-lost-after=-2m")]
    [InlineData(2, "is not a gRPC error code", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--fault", "create-snapshot-error=Nope")]
    [InlineData(2, "is not a number between 0 and 1", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--fault", "create-volume-error=Internal:2")]
    [InlineData(2, "needs a value", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--fault", "snapshot-lost-after")]
    [InlineData(2, "ends before it starts", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--fault", "create-snapshot-latency=5s..1s")]
    [InlineData(2, "is not a size", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--round-restore-size", "lots")]
    [InlineData(2, "MaxVolumes", "--endpoint", "unix:///tmp/x.sock", "--driver-name", "csi.x", "--max-volumes", "-3")]
    public async Task CommandLine_Invalid_ExitsNonZeroWithAClearMessage(int exitCode, string message, params string[] arguments)
    {
        var (code, error) = await DriverProcess.RunToExitAsync(arguments);
        Assert.Equal(exitCode, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLine_SocketPathIsADirectory_ExitsTwo()
    {
        using var directory = new TemporaryDirectory();
        var (code, error) = await DriverProcess.RunToExitAsync("--endpoint", $"unix://{directory.Path}", "--driver-name", "csi.x");
        Assert.Equal(2, code);
        Assert.Contains("is a directory", error, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "condition not reached within 30 s");
            await Task.Delay(20);
        }
    }
}
