using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Tests.Kubectl;

namespace Harness.EnvTest.Tests.Patching;

/// <summary>
/// The machine's real <c>kubectl apply</c>, server-side and client-side, against the embedded API server over HTTPS
/// (<c>--validate=false</c> until the server publishes <c>/openapi/v3</c>).
/// </summary>
public sealed class KubectlApplyTests : IAsyncLifetime
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: default
        data:
          mode: MODE
        """;

    private const string Snapshot = """
        apiVersion: snapshot.kubevirt.io/v1alpha1
        kind: VirtualMachineSnapshot
        metadata:
          name: snap-larry
          namespace: default
          labels:
            tier: TIER
        spec:
          source:
            apiGroup: kubevirt.io
            kind: VirtualMachine
            name: larry
        """;

    private ApiServer _server = null!;
    private TestEnvironment _environment = null!;
    private Harness.EnvTest.Tests.Kubectl.Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Seed = 7 });
        _environment = new TestEnvironment(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EmbeddedHandler = _server, EnvironmentVariable = _ => null });
        await _environment.StartAsync();
        _kubectl = new Harness.EnvTest.Tests.Kubectl.Kubectl(_environment.KubeconfigPath);
    }

    public async Task DisposeAsync()
    {
        await _environment.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ApplyServerSide_ConfigMapReappliedAndContested_BehavesAsAKubeApiserver()
    {
        var created = await _kubectl.RunAsync("apply --server-side --validate=false -f -", ConfigMap.Replace("MODE", "fast", StringComparison.Ordinal));
        var reapplied = await _kubectl.RunAsync("apply --server-side --validate=false -f -", ConfigMap.Replace("MODE", "slow", StringComparison.Ordinal));
        var patched = await _kubectl.RunAsync(["patch", "configmap", "settings", "-n", "default", "--type", "merge", "-p", """{"data":{"mode":"manual"}}"""]);
        var contested = await _kubectl.RunAsync("apply --server-side --validate=false -f -", ConfigMap.Replace("MODE", "auto", StringComparison.Ordinal));
        var forced = await _kubectl.RunAsync("apply --server-side --validate=false --force-conflicts -f -", ConfigMap.Replace("MODE", "auto", StringComparison.Ordinal));
        var mode = await _kubectl.RunAsync("get configmap settings -n default -o jsonpath={.data.mode}");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("configmap/settings serverside-applied", created.Output, StringComparison.Ordinal);
        Assert.True(reapplied.ExitCode == 0, reapplied.ToString());
        Assert.True(patched.ExitCode == 0, patched.ToString());
        Assert.NotEqual(0, contested.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using v1: .data.mode", contested.Error, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("auto", mode.Output);
    }

    [Fact]
    public async Task ApplyServerSide_CustomResource_CreatesUpdatesAndReportsConflicts()
    {
        var created = await _kubectl.RunAsync("apply --server-side --validate=false -f -", Snapshot.Replace("TIER", "gold", StringComparison.Ordinal));
        var reapplied = await _kubectl.RunAsync("apply --server-side --validate=false -f -", Snapshot.Replace("TIER", "silver", StringComparison.Ordinal));
        var contested = await _kubectl.RunAsync("apply --server-side --validate=false --field-manager other -f -", Snapshot.Replace("TIER", "bronze", StringComparison.Ordinal));
        var managers = await _kubectl.RunAsync("get vmsnapshot snap-larry -n default --show-managed-fields -o jsonpath={.metadata.managedFields[*].manager}");
        var tier = await _kubectl.RunAsync("get vmsnapshot snap-larry -n default -o jsonpath={.metadata.labels.tier}");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(reapplied.ExitCode == 0, reapplied.ToString());
        Assert.NotEqual(0, contested.ExitCode);
        Assert.Contains("conflict with \"kubectl\": .metadata.labels.tier", contested.Error, StringComparison.Ordinal);
        Assert.Equal("kubectl", managers.Output);
        Assert.Equal("silver", tier.Output);
    }

    [Fact]
    public async Task ApplyClientSide_PodReappliedWithChangedContainers_MergesByStrategicMergePatch()
    {
        const string Pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: default
            spec:
              containers:
              - name: app
                image: app:IMAGE
                env:
                - name: MODE
                  value: fast
              - name: sidecar
                image: sidecar:1
            """;
        var first = await _kubectl.RunAsync("apply --validate=false -f -", Pod.Replace("IMAGE", "1", StringComparison.Ordinal));
        var second = await _kubectl.RunAsync(
            "apply --validate=false -f -",
            Pod.Replace("IMAGE", "2", StringComparison.Ordinal).Replace("\n  - name: sidecar\n    image: sidecar:1", string.Empty, StringComparison.Ordinal));
        var images = await _kubectl.RunAsync("get pod web -n default -o jsonpath={.spec.containers[*].image}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("app:2", images.Output);
    }
}
