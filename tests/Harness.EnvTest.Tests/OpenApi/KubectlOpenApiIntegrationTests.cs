using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Crds;

namespace Harness.EnvTest.Tests.OpenApi;

/// <summary>The machine's kubectl against each backend: explain, apply and get read the OpenAPI documents and Tables.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlOpenApiIntegrationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Explain_SnapshotSpec_DescribesFieldsWithoutErrors(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var result = await new Kubectl.Kubectl(cluster.KubeconfigPath).RunAsync("explain vmsnapshot.spec");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("VirtualMachineSnapshot", result.Output);
        Assert.Contains("source", result.Output);
        Assert.Contains("failureDeadline", result.Output);
    }

    [SkippableTheory, Backends]
    public async Task Explain_Metadata_FollowsObjectMetaReference(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var result = await new Kubectl.Kubectl(cluster.KubeconfigPath).RunAsync("explain vmrestore.metadata.ownerReferences");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("blockOwnerDeletion", result.Output);
    }

    [SkippableTheory, Backends]
    public async Task ApplyThenGet_SeedSnapshot_ShowsUpstreamPrinterColumnsWithoutWarnings(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var kubectl = new Kubectl.Kubectl(cluster.KubeconfigPath);

        var apply = await kubectl.RunAsync($"apply -n {cluster.Namespace} -f -", SeedManifests.Snapshot);
        var again = await kubectl.RunAsync($"apply -n {cluster.Namespace} -f -", SeedManifests.Snapshot);
        var get = await kubectl.RunAsync($"get vmsnapshot -n {cluster.Namespace}");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal(string.Empty, apply.Error);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(string.Empty, again.Error);
        Assert.Contains("unchanged", again.Output);
        Assert.True(get.ExitCode == 0, get.ToString());
        var lines = get.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "SOURCEKIND", "SOURCENAME", "PHASE", "READYTOUSE", "CREATIONTIME", "ERROR"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["snap-larry", "VirtualMachine", "larry"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableTheory, Backends]
    public async Task Get_BuiltInNamespaces_UsesDefaultColumns(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var result = await new Kubectl.Kubectl(cluster.KubeconfigPath).RunAsync("get namespaces");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("NAME", result.Output, StringComparison.Ordinal);
        Assert.Contains("default", result.Output);
    }
}
