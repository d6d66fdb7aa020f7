using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Tests.Crds;
using Harness.EnvTest.Tests.Kubectl;

namespace Harness.EnvTest.Tests.OpenApi;

/// <summary>The machine's kubectl against the embedded server: explain, apply and get read the OpenAPI documents and Tables.</summary>
public sealed class KubectlOpenApiIntegrationTests : IAsyncLifetime
{
    private ApiServer _server = null!;
    private TestEnvironment _environment = null!;
    private Kubectl.Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Seed = 7 });
        _environment = new TestEnvironment(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EmbeddedHandler = _server, EnvironmentVariable = _ => null });
        await _environment.StartAsync();
        _kubectl = new Kubectl.Kubectl(_environment.KubeconfigPath);
    }

    public async Task DisposeAsync()
    {
        await _environment.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Explain_SnapshotSpec_DescribesFieldsWithoutErrors()
    {
        var result = await _kubectl.RunAsync("explain vmsnapshot.spec");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("VirtualMachineSnapshot", result.Output);
        Assert.Contains("source", result.Output);
        Assert.Contains("failureDeadline", result.Output);
    }

    [Fact]
    public async Task Explain_Metadata_FollowsObjectMetaReference()
    {
        var result = await _kubectl.RunAsync("explain vmrestore.metadata.ownerReferences");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("blockOwnerDeletion", result.Output);
    }

    [Fact]
    public async Task ApplyThenGet_SeedSnapshot_ShowsUpstreamPrinterColumnsWithoutWarnings()
    {
        var apply = await _kubectl.RunAsync("apply -f -", SeedManifests.Snapshot);
        var again = await _kubectl.RunAsync("apply -f -", SeedManifests.Snapshot);
        var get = await _kubectl.RunAsync("get vmsnapshot");

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

    [Fact]
    public async Task Get_BuiltInNamespaces_UsesDefaultColumns()
    {
        var result = await _kubectl.RunAsync("get namespaces");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("NAME", result.Output, StringComparison.Ordinal);
        Assert.Contains("default", result.Output);
    }
}
