using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.EnvTest.Environment;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.Admission;

/// <summary>
/// A started API server with the harness's CRDs, the KubeVirt installation <c>kubevirt/kubevirt</c> with the
/// <c>Snapshot</c> gate on, and the snapshot/restore admission installed the way a subclass says; one per test class.
/// When the backend cannot run here, <see cref="SkipIfUnavailable"/> skips each test and says why.
/// </summary>
public abstract class AdmissionFixture : IAsyncLifetime
{
    private TestEnvironment? environment;
    private int namespaces;

    public string? SkipReason { get; private set; }

    public TestEnvironment Environment => environment ?? throw new InvalidOperationException(SkipReason ?? "not started");

    public IKubernetes Client => Environment.Client;

    public async Task InitializeAsync()
    {
        var options = CreateOptions(out var skipReason);
        if (options is null)
        {
            SkipReason = skipReason;
            return;
        }

        environment = new TestEnvironment(options);
        try
        {
            await environment.StartAsync();
        }
        catch (Exception failed) when (AllowStartFailure)
        {
            SkipReason = $"the API server did not start ({failed.Message}); {skipReason}";
            await environment.DisposeAsync();
            environment = null;
            return;
        }

        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = KubeVirtApi.KubeVirtNamespace } });
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            JsonNode.Parse("""
                {"apiVersion": "kubevirt.io/v1", "kind": "KubeVirt", "metadata": {"name": "kubevirt", "namespace": "kubevirt"},
                 "spec": {"configuration": {"developerConfiguration": {"featureGates": ["Snapshot"]}}}}
                """)!,
            KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.KubeVirtNamespace, KubeVirtApi.KubeVirtPlural);
        await InstallAsync(Client);
    }

    public virtual async Task DisposeAsync()
    {
        if (environment is not null)
        {
            await environment.DisposeAsync();
        }
    }

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>A fresh namespace for one test.</summary>
    public async Task<string> NewNamespaceAsync()
    {
        var name = $"admission-{Interlocked.Increment(ref namespaces)}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>Sets the KubeVirt installation's feature gates as the seed's <c>kubectl patch --type merge</c> does.</summary>
    public Task SetFeatureGatesAsync(params string[] gates) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(
                new JsonObject { ["spec"] = new JsonObject { ["configuration"] = new JsonObject { ["developerConfiguration"] = new JsonObject { ["featureGates"] = new JsonArray([.. gates.Select(gate => (JsonNode)gate)]) } } } }.ToJsonString(),
                V1Patch.PatchType.MergePatch),
            KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.KubeVirtNamespace, KubeVirtApi.KubeVirtPlural, KubeVirtApi.KubeVirtName);

    /// <summary>Whether a failed start skips the tests instead of failing them (the real binaries may be unusable here).</summary>
    protected virtual bool AllowStartFailure => false;

    protected abstract TestEnvironmentOptions? CreateOptions(out string skipReason);

    protected abstract Task InstallAsync(IKubernetes client);
}
