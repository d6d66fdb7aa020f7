using System.Net;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;
using Harness.Scenarios.Tests.Cluster;
using Harness.Scenarios.Worlds;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Autorest;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>
/// <c>harness chaos --transport live</c> and <c>--kubeconfig</c>: one small scenario (a running VM with a guest agent and
/// two disks, snapshotted online, stopped, restored into itself) over the real transports and processes, checked by
/// the same invariants as a simulated run.
/// </summary>
public sealed class LiveChaosTests
{
    private const string Ns = "default";
    private static readonly DriverSpec Driver = new(CsiConstants.DefaultDriverName, SnapshotsSupported: true, CsiStackOptions.DefaultStorageClassName, WaitForFirstConsumer: false);
    private static readonly VmSpec Vm = new(
        Ns, "vm0-live", [new DiskSpec("disk0", "vm0-live-disk0", Driver.StorageClass, 16), new DiskSpec("disk1", "vm0-live-disk1", Driver.StorageClass, 16)],
        VmRunState.Running, GuestAgent: true, new Dictionary<string, string>());

    private static readonly Scenario SnapshotStopRestore = new(
        1,
        FaultPlans.None,
        new WorldSpec([Ns], [Driver], [Vm]),
        new OperationSchedule(
        [
            new CreateSnapshot(TimeSpan.FromSeconds(1), Ns, "snap-live", Vm.Name, FailureDeadline: "2m", DeletionPolicy: null),
            new SetRunning(TimeSpan.FromSeconds(8), Ns, Vm.Name, Running: false),
            new CreateRestore(TimeSpan.FromSeconds(12), Ns, "restore-live", "snap-live", Vm.Name, ReadinessPolicy: null),
        ]));

    [Fact]
    public async Task LiveRun_OnTheEmbeddedServer_FreezesThawsAndRestoresOverTheProcesses_AndNoInvariantFails()
    {
        var result = await new LiveScenarioRunner(Options(kubeconfig: null)).RunAsync(SnapshotStopRestore, CancellationToken.None);

        Assert.True(result.Passed, string.Join("\n", result.Violations));
        AssertWentThroughTheProcesses(result);
        Assert.True(result.ApiRequests > 0);
    }

    [Fact]
    public async Task LiveRun_WithApiFaults_ComponentsMeetThemOverHttps_AndNoInvariantFails()
    {
        var result = await new LiveScenarioRunner(Options(kubeconfig: null)).RunAsync(SnapshotStopRestore with { Faults = FaultPlans.Api }, CancellationToken.None);

        Assert.True(result.Passed, string.Join("\n", result.Violations));
        AssertWentThroughTheProcesses(result);
        var faulted = result.Events.Where(e => e.Kind == DomainEventKind.FaultInjected).Select(e => e.Component).ToHashSet();
        Assert.NotEmpty(faulted);
        Assert.Subset(ComponentNames.ApiClients.ToHashSet(), faulted);
    }

    [SkippableFact]
    public async Task LiveRun_WithAKubeconfigOfTheRealApiServer_RunsThere_AndTakesItsWorldOutAgain()
    {
        await using var environment = await LiveFlow.StartEnvironmentAsync("binaries");

        var result = await new LiveScenarioRunner(Options(environment.KubeconfigPath)).RunAsync(SnapshotStopRestore, CancellationToken.None);

        Assert.True(result.Passed, string.Join("\n", result.Violations));
        AssertWentThroughTheProcesses(result);
        Assert.Equal(0, result.ApiRequests);
        await Assert.ThrowsAsync<HttpOperationException>(() =>
            environment.Client.CustomObjects.GetNamespacedCustomObjectAsync("kubevirt.io", "v1", Ns, "virtualmachines", Vm.Name));
        Assert.DoesNotContain((await environment.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Ns)).Items, c => c.Metadata.Name.StartsWith(Vm.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiveRun_OfAnUnreachableCluster_SaysSoAndExitsNonZero()
    {
        var kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("harness-chaos-").FullName, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: http://127.0.0.1:{ClosedPort()}
            contexts:
            - name: gone
              context:
                cluster: gone
                user: nobody
            current-context: gone
            users:
            - name: nobody
              user:
                token: none
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await Harness.Scenarios.Cli.HarnessCommandLine.RunAsync(["chaos", "--kubeconfig", kubeconfig, "--seed", "1", "--out", Path.GetDirectoryName(kubeconfig)!], [], output, error);

        Assert.Equal(1, exitCode);
        Assert.Contains($"harness chaos: the live run of seed 1 could not start on the cluster of {kubeconfig}: ", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on any more.</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static LiveScenarioRunnerOptions Options(string? kubeconfig) => new()
    {
        Time = TimeProvider.System,
        Tasks = Task.Factory,
        Kubeconfig = kubeconfig,
        CleanupSettle = TimeSpan.FromSeconds(3),
        SettleBudget = TimeSpan.FromMinutes(2),
    };

    private static void AssertWentThroughTheProcesses(ScenarioResult result)
    {
        Assert.Equal(LiveScenarioRunner.NoTrace, result.TraceHash);
        var guest = $"guest/{Ns}/{Vm.Name}";
        var frozen = result.Events.First(e => e.Kind == DomainEventKind.GuestFrozen && e.Subject == guest);
        Assert.Contains(result.Events, e => e.Kind == DomainEventKind.GuestThawed && e.Subject == guest && e.Sequence > frozen.Sequence);
        Assert.Contains(result.Events, e => e.Kind == DomainEventKind.PhaseChanged && e.Subject == $"vmsnapshot {Ns}/snap-live" && e.Detail.EndsWith("Succeeded", StringComparison.Ordinal));
        Assert.Contains(result.Events, e => e.Kind == DomainEventKind.ConditionChanged && e.Subject == $"vmrestore {Ns}/restore-live" && e.Detail.StartsWith("Ready=True", StringComparison.Ordinal));
    }
}
