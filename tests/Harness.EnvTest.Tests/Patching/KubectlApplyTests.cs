using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Patching;

/// <summary>
/// The machine's real <c>kubectl apply</c>, server-side and client-side, against each backend
/// (<c>--validate=false</c> until the server publishes <c>/openapi/v3</c>).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlApplyTests(ClusterFixture clusters)
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: NAMESPACE
        data:
          mode: MODE
        """;

    private const string Snapshot = """
        apiVersion: snapshot.kubevirt.io/v1alpha1
        kind: VirtualMachineSnapshot
        metadata:
          name: snap-larry
          namespace: NAMESPACE
          labels:
            tier: TIER
        spec:
          source:
            apiGroup: kubevirt.io
            kind: VirtualMachine
            name: larry
        """;

    private static string Manifest(string template, ClusterScope cluster, string placeholder, string value) =>
        template.Replace("NAMESPACE", cluster.Namespace, StringComparison.Ordinal).Replace(placeholder, value, StringComparison.Ordinal);

    [SkippableTheory, Backends]
    public async Task ApplyServerSide_ConfigMapReappliedAndContested_BehavesAsAKubeApiserver(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var kubectl = new Kubectl.Kubectl(cluster.KubeconfigPath);
        var created = await kubectl.RunAsync("apply --server-side --validate=false -f -", Manifest(ConfigMap, cluster, "MODE", "fast"));
        var reapplied = await kubectl.RunAsync("apply --server-side --validate=false -f -", Manifest(ConfigMap, cluster, "MODE", "slow"));
        var patched = await kubectl.RunAsync(["patch", "configmap", "settings", "-n", cluster.Namespace, "--type", "merge", "-p", """{"data":{"mode":"manual"}}"""]);
        var contested = await kubectl.RunAsync("apply --server-side --validate=false -f -", Manifest(ConfigMap, cluster, "MODE", "auto"));
        var forced = await kubectl.RunAsync("apply --server-side --validate=false --force-conflicts -f -", Manifest(ConfigMap, cluster, "MODE", "auto"));
        var mode = await kubectl.RunAsync($"get configmap settings -n {cluster.Namespace} -o jsonpath={{.data.mode}}");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("configmap/settings serverside-applied", created.Output, StringComparison.Ordinal);
        Assert.True(reapplied.ExitCode == 0, reapplied.ToString());
        Assert.True(patched.ExitCode == 0, patched.ToString());
        Assert.NotEqual(0, contested.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using v1: .data.mode", contested.Error, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal("auto", mode.Output);
    }

    [SkippableTheory, Backends]
    public async Task ApplyServerSide_CustomResource_CreatesUpdatesAndReportsConflicts(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var kubectl = new Kubectl.Kubectl(cluster.KubeconfigPath);
        var created = await kubectl.RunAsync("apply --server-side --validate=false -f -", Manifest(Snapshot, cluster, "TIER", "gold"));
        var reapplied = await kubectl.RunAsync("apply --server-side --validate=false -f -", Manifest(Snapshot, cluster, "TIER", "silver"));
        var contested = await kubectl.RunAsync("apply --server-side --validate=false --field-manager other -f -", Manifest(Snapshot, cluster, "TIER", "bronze"));
        var managers = await kubectl.RunAsync($"get vmsnapshot snap-larry -n {cluster.Namespace} --show-managed-fields -o jsonpath={{.metadata.managedFields[*].manager}}");
        var tier = await kubectl.RunAsync($"get vmsnapshot snap-larry -n {cluster.Namespace} -o jsonpath={{.metadata.labels.tier}}");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(reapplied.ExitCode == 0, reapplied.ToString());
        Assert.NotEqual(0, contested.ExitCode);
        Assert.Contains("conflict with \"kubectl\": .metadata.labels.tier", contested.Error, StringComparison.Ordinal);
        Assert.Equal("kubectl", managers.Output);
        Assert.Equal("silver", tier.Output);
    }

    /// <summary>
    /// The strategic merge patch kubectl computes merges containers by name: a changed image is updated in place, and a container
    /// left out of the manifest is deleted from the list, which kube-apiserver's pod update validation refuses.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task ApplyClientSide_PodReappliedWithChangedContainers_MergesByStrategicMergePatch(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var kubectl = new Kubectl.Kubectl(cluster.KubeconfigPath);
        const string Pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: NAMESPACE
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
        var first = await kubectl.RunAsync("apply --validate=false -f -", Manifest(Pod, cluster, "IMAGE", "1"));
        var second = await kubectl.RunAsync("apply --validate=false -f -", Manifest(Pod, cluster, "IMAGE", "2"));
        var third = await kubectl.RunAsync(
            "apply --validate=false -f -",
            Manifest(Pod, cluster, "IMAGE", "3").Replace("\n  - name: sidecar\n    image: sidecar:1", string.Empty, StringComparison.Ordinal));
        var images = await kubectl.RunAsync($"get pod web -n {cluster.Namespace} -o jsonpath={{.spec.containers[*].image}}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotEqual(0, third.ExitCode);
        Assert.Contains("The Pod \"web\" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers", third.Error, StringComparison.Ordinal);
        Assert.Equal("app:2 sidecar:1", images.Output);
    }
}
