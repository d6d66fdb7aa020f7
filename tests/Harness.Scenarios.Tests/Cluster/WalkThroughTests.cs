namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// The user's walk-through exactly as examples/README.md prints it, line by line through the real kubectl, against
/// the cluster <c>harness up</c> runs (embedded API server, the simulators, the controller in the process):
/// the feature-gate patch, larry, <c>kubectl wait vmsnapshot snap-larry --for condition=Ready</c>, the stop, the
/// restore and <c>kubectl wait vmrestore restore-larry --for condition=Ready</c>, and larry running again.
/// </summary>
public sealed class WalkThroughTests
{
    [Fact]
    public async Task ExamplesReadme_TypedWithKubectl_SnapshotAndRestoreBecomeReady()
    {
        var commands = ExamplesReadme.Commands();
        await using var cluster = await ExampleCluster.StartAsync("embedded");
        var kubectl = cluster.Kubectl;

        await ExamplesReadme.RunAsync(kubectl, commands);

        Assert.Contains(commands, c => c is ["wait", "vmsnapshot", "snap-larry", "--for", "condition=Ready"]);
        Assert.Contains(commands, c => c is ["wait", "vmrestore", "restore-larry", "--for", "condition=Ready"]);
        Assert.Equal("Succeeded", await kubectl.RunAsync("get", "vmsnapshot", "snap-larry", "-o", "jsonpath={.status.phase}"));
        Assert.Equal("true", await kubectl.RunAsync("get", "vmrestore", "restore-larry", "-o", "jsonpath={.status.complete}"));
        await kubectl.RunAsync("wait", "vm", "larry", "--for", "condition=Ready", "--timeout=120s");
    }
}
