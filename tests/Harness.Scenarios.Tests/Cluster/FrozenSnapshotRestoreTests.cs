using System.Text.Json.Nodes;
using Harness.Scenarios.Cluster;
using Harness.Simulators.GuestAgent;
using Xunit.Abstractions;

namespace Harness.Scenarios.Tests.Cluster;

public sealed class FrozenSnapshotRestoreTests(ITestOutputHelper output)
{
    private const string Vm = "vm1";
    private static readonly string[] Claims = ["disk-a", "disk-b"];

    [Fact]
    public void SnapshotRestore_FrozenVmWithTwoDisks_ConsistentRestoreAndSameTracePerSeed()
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 1UL; seed <= 50; seed++)
        {
            var first = RunScenario(seed);
            var second = RunScenario(seed);

            Assert.True(first == second, $"seed {seed}: {first} then {second}");
            Assert.True(first.RestoredLastCommitted == first.CommittedAtFreeze, $"seed {seed}: {first}");
            hashes.Add(first.TraceHash);
            output.WriteLine($"seed {seed}: {first}");
        }

        output.WriteLine($"{hashes.Count} distinct trace hashes over 50 seeds");
        Assert.True(hashes.Count >= 45, $"only {hashes.Count} distinct trace hashes over 50 seeds");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void SnapshotRestore_UnfrozenDisksSnapshottedOneSecondApart_RestoredJournalTorn(ulong seed)
    {
        var world = new ClusterWorld(seed);
        JournalCheckResult? check = null;
        world.Run(async () =>
        {
            await StartVmAsync(world);
            await world.CreateVolumeSnapshotAsync($"{Claims[0]}-snap", Claims[0]);
            await WaitForSnapshotAsync(world, Claims[0]);
            await Task.Delay(TimeSpan.FromSeconds(1), world.Scheduler.TimeProvider);
            await world.CreateVolumeSnapshotAsync($"{Claims[1]}-snap", Claims[1]);
            await WaitForSnapshotAsync(world, Claims[1]);
            check = await RestoreAndCheckAsync(world);
        });

        Assert.NotNull(check);
        Assert.False(check.IsConsistent, $"seed {seed}: disks captured a second apart read as one consistent cut (last committed {check.LastCommitted})");
    }

    private static SnapshotRestoreRun RunScenario(ulong seed)
    {
        var world = new ClusterWorld(seed);
        var start = world.Scheduler.TimeProvider.GetUtcNow();
        (long CommittedAtFreeze, long RestoredLastCommitted)? journal = null;
        world.Run(async () =>
        {
            var guest = await StartVmAsync(world);

            await world.VmiSubresourceAsync(Vm, "freeze", "{\"unfreezeTimeout\":\"5m0s\"}");
            var committedAtFreeze = guest.Journal.LastCommitted;
            Assert.Equal(FsFreezeStatus.Frozen, guest.Guest.Status);
            await world.WaitForAsync("fsFreezeStatus frozen", async () =>
                await world.VmiAsync(Vm) is { } vmi && vmi["status"]?["fsFreezeStatus"]?.GetValue<string>() == "frozen" ? vmi : null);

            foreach (var claim in Claims)
            {
                await world.CreateVolumeSnapshotAsync($"{claim}-snap", claim);
            }

            foreach (var claim in Claims)
            {
                await WaitForSnapshotAsync(world, claim);
            }

            Assert.Equal(committedAtFreeze, guest.Journal.LastCommitted);
            await world.VmiSubresourceAsync(Vm, "unfreeze");
            Assert.Equal(FsFreezeStatus.Thawed, guest.Guest.Status);
            await world.WaitUntilAsync("journal writing again after the thaw", () => guest.Journal.LastCommitted >= committedAtFreeze + 3);

            var check = await RestoreAndCheckAsync(world);
            Assert.True(check.IsConsistent, $"seed {seed}: restored journal torn: {string.Join("; ", check.Problems)}");
            journal = (committedAtFreeze, check.LastCommitted);
        });
        var (committed, restoredCommitted) = journal ?? throw new InvalidOperationException($"seed {seed}: the run ended without an outcome");
        return new SnapshotRestoreRun(world.Scheduler.Trace.HashText, committed, restoredCommitted, world.Scheduler.Trace.StepCount, world.Scheduler.TimeProvider.GetUtcNow() - start);
    }

    /// <summary>Two bound claims, a VM using both, Running with its agent connected and the journal past record 5.</summary>
    private static async Task<BootedGuest> StartVmAsync(ClusterWorld world)
    {
        foreach (var claim in Claims)
        {
            await world.CreateClaimAsync(claim, "16Mi");
        }

        foreach (var claim in Claims)
        {
            await world.BoundVolumeAsync(claim);
        }

        await world.CreateVmAsync(Vm, Claims);
        await world.WaitForAsync("VMI Running with AgentConnected", async () =>
            await world.VmiAsync(Vm) is { } vmi && Phase(vmi) == "Running" && HasCondition(vmi, "AgentConnected") ? vmi : null);
        var guest = world.Guests.Find(ClusterWorld.Namespace, Vm) ?? throw new InvalidOperationException("the VMI runs without a booted guest");
        await world.WaitUntilAsync("journal past record 5", () => guest.Journal.LastCommitted >= 5);
        return guest;
    }

    private static Task WaitForSnapshotAsync(ClusterWorld world, string claim) =>
        world.WaitForAsync($"snapshot of {claim} taken and ready", async () =>
            await world.GetVolumeSnapshotAsync($"{claim}-snap") is { Status: { CreationTime: not null, ReadyToUse: true } } snapshot ? snapshot : null);

    /// <summary>Restores each claim's snapshot into a new claim and reads the journal from the restored volumes.</summary>
    private static async Task<JournalCheckResult> RestoreAndCheckAsync(ClusterWorld world)
    {
        foreach (var claim in Claims)
        {
            await world.CreateClaimAsync($"{claim}-restored", "16Mi", fromSnapshot: $"{claim}-snap");
        }

        var restored = new List<k8s.Models.V1PersistentVolume>();
        foreach (var claim in Claims)
        {
            restored.Add(await world.BoundVolumeAsync($"{claim}-restored"));
        }

        return await JournalChecker.CheckAsync(world.Disks([.. restored]));
    }

    private static string? Phase(JsonObject vmi) => vmi["status"]?["phase"]?.GetValue<string>();

    private static bool HasCondition(JsonObject vmi, string type) =>
        vmi["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.GetValue<string>() == type && c["status"]?.GetValue<string>() == "True");
}
