using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Faults;
using static Harness.Simulators.Tests.Csi.CsiRequests;

namespace Harness.Simulators.Tests.Csi;

/// <summary>Each fault of <see cref="CsiFaults"/> as a CSI client sees it, on the in-process driver and its fake clock.</summary>
public sealed class CsiFaultsTests
{
    private const long Size = 4 * MiB;

    [Fact]
    public async Task SnapshotReadyDelay_BeforeAndAfter_ReadyOnlyOnceElapsed()
    {
        var csi = new InProcessDriver(faults: new CsiFaults { SnapshotReadyDelay = TimeSpan.FromSeconds(30) });
        var (_, snapshotId) = await VolumeAndSnapshotAsync(csi);
        Assert.False(await ReadyAsync(csi, snapshotId));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("early", snapshotId)));

        csi.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(await ReadyAsync(csi, snapshotId));
    }

    [Fact]
    public async Task SnapshotNeverReady_AfterAnHour_StillNotReady()
    {
        var injected = new List<CsiFaultInjected>();
        var csi = new InProcessDriver(faults: new CsiFaults { SnapshotNeverReady = true, OnFaultInjected = f => { injected.Add(f); return ValueTask.CompletedTask; } });
        var (_, snapshotId) = await VolumeAndSnapshotAsync(csi);
        csi.Time.Advance(TimeSpan.FromHours(1));

        Assert.False(await ReadyAsync(csi, snapshotId));
        Assert.Equal(new CsiFaultInjected(CsiFaults.SnapshotNeverReadyFault, snapshotId, "ready_to_use stays false"), Assert.Single(injected));
    }

    [Fact]
    public async Task SnapshotErrorAfterReady_OnceElapsed_ListByIdFailsInternalAndRestoreFails()
    {
        var csi = new InProcessDriver(faults: new CsiFaults { SnapshotErrorAfterReady = TimeSpan.FromMinutes(1) });
        var (_, snapshotId) = await VolumeAndSnapshotAsync(csi);
        Assert.True(await ReadyAsync(csi, snapshotId));

        csi.Time.Advance(TimeSpan.FromMinutes(1));

        await RpcAssert.FailsWith(StatusCode.Internal, () => csi.Clients.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = snapshotId }));
        var all = await csi.Clients.Controller.ListSnapshotsAsync(new ListSnapshotsRequest());
        Assert.False(Assert.Single(all.Entries).Snapshot.ReadyToUse);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("from-errored", snapshotId)));
    }

    [Fact]
    public async Task SnapshotLostAfter_OnceElapsed_SnapshotIsGoneFromTheBackend()
    {
        var csi = new InProcessDriver(faults: new CsiFaults { SnapshotLostAfter = TimeSpan.FromMinutes(5) });
        var (_, snapshotId) = await VolumeAndSnapshotAsync(csi);
        Assert.True(await ReadyAsync(csi, snapshotId));

        csi.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty((await csi.Clients.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = snapshotId })).Entries);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("from-lost", snapshotId)));
        Assert.Empty(csi.Driver.Store.SnapshotIds);
    }

    [Fact]
    public async Task LoseSnapshot_BehindTheApisBack_ListByIdIsEmpty()
    {
        var csi = new InProcessDriver();
        var (_, snapshotId) = await VolumeAndSnapshotAsync(csi);
        Assert.True(csi.Driver.Store.LoseSnapshot(snapshotId));
        Assert.Empty((await csi.Clients.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = snapshotId })).Entries);
        Assert.False(csi.Driver.Store.LoseSnapshot(snapshotId));
    }

    [Fact]
    public async Task CreateSnapshotError_Set_FailsWithTheCodeAndCutsNothing()
    {
        var injected = new List<CsiFaultInjected>();
        var faults = new CsiFaults { CreateSnapshotError = StatusCode.Unavailable, OnFaultInjected = f => { injected.Add(f); return ValueTask.CompletedTask; } };
        var csi = new InProcessDriver(faults: faults);
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("error-source", Size))).Volume.VolumeId;

        await RpcAssert.FailsWith(StatusCode.Unavailable, () => csi.Clients.Controller.CreateSnapshotAsync(Snapshot("error-snap", volumeId)));
        Assert.Empty(csi.Driver.Store.SnapshotIds);
        Assert.Equal(CsiFaults.CreateSnapshotFailsFault, Assert.Single(injected).Fault);

        faults.CreateSnapshotError = null;
        var snapshot = await csi.Clients.Controller.CreateSnapshotAsync(Snapshot("error-snap", volumeId));
        Assert.True(snapshot.Snapshot.ReadyToUse);
    }

    [Fact]
    public async Task CreateSnapshotError_HalfProbability_FailsSomeCallsReproduciblyPerSeed()
    {
        async Task<string> OutcomesAsync()
        {
            var csi = new InProcessDriver(faults: new CsiFaults { CreateSnapshotError = StatusCode.Internal, CreateSnapshotErrorProbability = 0.5 });
            var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("coin-source", Size))).Volume.VolumeId;
            var outcomes = new System.Text.StringBuilder();
            for (var i = 0; i < 32; i++)
            {
                try
                {
                    await csi.Clients.Controller.CreateSnapshotAsync(Snapshot($"coin-{i}", volumeId));
                    outcomes.Append('+');
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Internal)
                {
                    outcomes.Append('-');
                }
            }

            return outcomes.ToString();
        }

        var first = await OutcomesAsync();
        Assert.Contains('+', first);
        Assert.Contains('-', first);
        Assert.Equal(first, await OutcomesAsync());
    }

    [Fact]
    public async Task CreateVolumeError_Set_FailsWithTheCode()
    {
        var csi = new InProcessDriver(faults: new CsiFaults { CreateVolumeError = StatusCode.ResourceExhausted });
        await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => csi.Clients.Controller.CreateVolumeAsync(Volume("no-room", Size)));
        Assert.Empty(csi.Driver.Store.VolumeIds);
    }

    [Fact]
    public async Task CreateSnapshotLatency_UntilTheClockMoves_CallIsPendingButTheCutIsTaken()
    {
        var csi = new InProcessDriver(faults: new CsiFaults { CreateSnapshotLatencyMin = TimeSpan.FromSeconds(10), CreateSnapshotLatencyMax = TimeSpan.FromSeconds(10) });
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("slow-source", Size))).Volume.VolumeId;
        var device = csi.Driver.Store.Open(volumeId);
        await device.WriteAsync(0, "before"u8.ToArray());
        var atCut = device.ContentHash;

        var call = csi.Clients.Controller.CreateSnapshotAsync(Snapshot("slow", volumeId)).ResponseAsync;
        await device.WriteAsync(0, "after!"u8.ToArray());
        Assert.False(call.IsCompleted);
        var snapshotId = Assert.Single(csi.Driver.Store.SnapshotIds);

        csi.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(snapshotId, (await call).Snapshot.SnapshotId);
        Assert.Equal(atCut, csi.Driver.Store.GetSnapshotContentHash(snapshotId));
    }

    [Fact]
    public async Task CrashAsync_CallInFlight_FailsUnavailableAndRetryAfterRestartGetsTheSameSnapshot()
    {
        var csi = new InProcessDriver(faults: new CsiFaults { CreateSnapshotLatencyMin = TimeSpan.FromMinutes(1), CreateSnapshotLatencyMax = TimeSpan.FromMinutes(1) });
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("crash-source", Size))).Volume.VolumeId;
        var call = csi.Clients.Controller.CreateSnapshotAsync(Snapshot("crash", volumeId));

        await csi.Driver.CrashAsync();

        await RpcAssert.FailsWith(StatusCode.Unavailable, () => call);
        await RpcAssert.FailsWith(StatusCode.Unavailable, () => csi.Clients.Identity.ProbeAsync(new ProbeRequest()));
        csi.Driver.Restart();
        csi.Driver.Faults.CreateSnapshotLatencyMax = csi.Driver.Faults.CreateSnapshotLatencyMin = TimeSpan.Zero;
        var retried = await csi.Clients.Controller.CreateSnapshotAsync(Snapshot("crash", volumeId));
        Assert.Equal(Assert.Single(csi.Driver.Store.SnapshotIds), retried.Snapshot.SnapshotId);
    }

    [Fact]
    public async Task NoSnapshotsDriver_SnapshotRpcs_UnimplementedAndNotAdvertised()
    {
        var csi = new InProcessDriver(options => options.SnapshotsSupported = false);
        var capabilities = await csi.Clients.Controller.ControllerGetCapabilitiesAsync(new ControllerGetCapabilitiesRequest());
        Assert.DoesNotContain(capabilities.Capabilities, c => c.Rpc.Type == ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteSnapshot);
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("plain", Size))).Volume.VolumeId;
        await RpcAssert.FailsWith(StatusCode.Unimplemented, () => csi.Clients.Controller.CreateSnapshotAsync(Snapshot("plain-snap", volumeId)));
        await RpcAssert.FailsWith(StatusCode.Unimplemented, () => csi.Clients.Controller.ListSnapshotsAsync(new ListSnapshotsRequest()));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => csi.Clients.Controller.CreateVolumeAsync(VolumeFromSnapshot("plain-restore", "snap-x")));
    }

    [Fact]
    public async Task MaxVolumes_Reached_ResourceExhausted()
    {
        var csi = new InProcessDriver(options => options.MaxVolumes = 1);
        await csi.Clients.Controller.CreateVolumeAsync(Volume("only", Size));
        await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => csi.Clients.Controller.CreateVolumeAsync(Volume("one-too-many", Size)));
        await csi.Clients.Controller.CreateVolumeAsync(Volume("only", Size));
    }

    [Fact]
    public void Replace_GoDurations_ReadAsGoReadsThem()
    {
        var faults = new CsiFaults();
        faults.Replace(["create-snapshot-latency=.5s..1m30s", "snapshot-ready-after=1h2m3.5s", "snapshot-lost-after=0"]);

        Assert.Equal(TimeSpan.FromMilliseconds(500), faults.CreateSnapshotLatencyMin);
        Assert.Equal(TimeSpan.FromSeconds(90), faults.CreateSnapshotLatencyMax);
        Assert.Equal(new TimeSpan(0, 1, 2, 3, 500), faults.SnapshotReadyDelay);
        Assert.Equal(TimeSpan.Zero, faults.SnapshotLostAfter);
    }

    [Theory]
    [InlineData("snapshot-ready-after=5", "--fault snapshot-ready-after: '5' is not a duration")]
    [InlineData("snapshot-ready-after=1d", "--fault snapshot-ready-after: '1d' is not a duration")]
    [InlineData("create-snapshot-latency=-1s..2s", "--fault create-snapshot-latency: '-1s' is negative")]
    public void Replace_BadDuration_SaysWhatIsWrongAndChangesNothing(string argument, string message)
    {
        var faults = new CsiFaults { SnapshotNeverReady = true };

        var error = Assert.Throws<FormatException>(() => faults.Replace([argument]));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.True(faults.SnapshotNeverReady);
    }

    private static async Task<(string VolumeId, string SnapshotId)> VolumeAndSnapshotAsync(InProcessDriver csi)
    {
        var volumeId = (await csi.Clients.Controller.CreateVolumeAsync(Volume("fault-source", Size))).Volume.VolumeId;
        var snapshotId = (await csi.Clients.Controller.CreateSnapshotAsync(Snapshot("fault-snap", volumeId))).Snapshot.SnapshotId;
        return (volumeId, snapshotId);
    }

    private static async Task<bool> ReadyAsync(InProcessDriver csi, string snapshotId) =>
        Assert.Single((await csi.Clients.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = snapshotId })).Entries).Snapshot.ReadyToUse;
}
