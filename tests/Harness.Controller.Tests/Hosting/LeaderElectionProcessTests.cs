using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.Hosting;

/// <summary>Two <c>harness-controller --leader-elect</c> processes on one Lease, against the embedded API server over HTTPS.</summary>
public sealed class LeaderElectionProcessTests(ControllerClusterFixture fixture) : IClassFixture<ControllerClusterFixture>
{
    private const string LeaseNamespace = "kube-system";

    [Fact]
    public async Task LeaderKilled_StandbyWaitsOutTheLeaseThenTakesOver()
    {
        var lease = "killed-leader";
        using var first = Replica(lease);
        var firstId = await AcquiredAsync(first, lease);
        await first.WaitForAsync("Started controllers");
        using var second = Replica(lease);
        await second.WaitForAsync($"Lease {LeaseNamespace}/{lease} is held by {firstId}");

        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("Acquired lease", second.Output);
        Assert.DoesNotContain("Started controllers", second.Output);
        Assert.Equal(firstId, (await ReadAsync(lease)).Spec.HolderIdentity);

        first.Signal("KILL");
        var secondId = await AcquiredAsync(second, lease);
        await second.WaitForAsync("Started controllers");

        var taken = await ReadAsync(lease);
        Assert.NotEqual(firstId, secondId);
        Assert.Equal((secondId, 8, 1), (taken.Spec.HolderIdentity, taken.Spec.LeaseDurationSeconds, taken.Spec.LeaseTransitions));
    }

    [Fact]
    public async Task LeaderStopped_ReleasesTheLeaseAndExitsZero_StandbyTakesOver()
    {
        var lease = "stopped-leader";
        using var first = Replica(lease);
        var firstId = await AcquiredAsync(first, lease);
        using var second = Replica(lease);
        await second.WaitForAsync($"Lease {LeaseNamespace}/{lease} is held by {firstId}");

        first.Signal("TERM");
        var (exitCode, error) = await first.ExitAsync();
        var secondId = await AcquiredAsync(second, lease);

        Assert.Equal((0, ""), (exitCode, error));
        Assert.True(first.Output.Contains($"Released lease {LeaseNamespace}/{lease}", StringComparison.Ordinal), first.Output);
        Assert.Equal(secondId, (await ReadAsync(lease)).Spec.HolderIdentity);
    }

    private ControllerProcessRunner Replica(string lease) => new(
        "--kubeconfig", fixture.Environment.KubeconfigPath, "--leader-elect", "--leader-elect-resource-name", lease,
        "--leader-elect-lease-duration", "8s", "--leader-elect-renew-deadline", "6s", "--leader-elect-retry-period", "500ms");

    private static async Task<string> AcquiredAsync(ControllerProcessRunner replica, string lease) =>
        (await replica.WaitForAsync($"Acquired lease {LeaseNamespace}/{lease} as (?<id>\\S+)")).Groups["id"].Value;

    private Task<V1Lease> ReadAsync(string lease) => fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync(lease, LeaseNamespace);
}
