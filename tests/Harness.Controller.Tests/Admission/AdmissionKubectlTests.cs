using System.Diagnostics;
using Harness.Api.Snapshots;

namespace Harness.Controller.Tests.Admission;

/// <summary>The admission through the real <c>kubectl</c> (on the PATH, or <c>TEST_ASSET_KUBECTL</c>), with the seed's YAML and feature-gate patch.</summary>
public sealed class AdmissionKubectlTests(EmbeddedHttpsAdmissionFixture fixture) : IClassFixture<EmbeddedHttpsAdmissionFixture>
{
    /// <summary>The seed's restore YAML.</summary>
    private static readonly string SeedRestore = Example("restore-larry.yaml");

    private const string SeedGatePatch = """{"spec": {"configuration": { "developerConfiguration": { "featureGates": [ "Snapshot" ] }}}}""";

    [Fact]
    public async Task Apply_SnapshotOfAnotherApiGroup_PrintsTheCauseAndStoresNothing()
    {
        var ns = await fixture.NewNamespaceAsync();

        var otherGroup = Example("snap-larry.yaml").Replace("apiGroup: kubevirt.io", "apiGroup: apps", StringComparison.Ordinal);

        var (exitCode, output, error) = await KubectlAsync(["apply", "-n", ns, "-f", "-"], otherGroup);

        Assert.Equal((1, ""), (exitCode, output));
        Assert.Equal("The request is invalid: spec.source.apiGroup: invalid apiGroup\n", error);
        await AdmissionAssert.NotStoredAsync(fixture.Client, ns, SnapshotApi.SnapshotPlural, "snap-larry");
    }

    [Fact]
    public async Task Apply_SeedRestoreWithTheGateOff_IsRefusedUntilTheSeedsPatchTurnsItOn()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.SetFeatureGatesAsync();

        var refused = await KubectlAsync(["apply", "-n", ns, "-f", "-"], SeedRestore);
        var patched = await KubectlAsync(["patch", "-n", "kubevirt", "kubevirt", "kubevirt", "-p", SeedGatePatch, "-o", "json", "--type", "merge"]);
        var applied = await KubectlAsync(["apply", "-n", ns, "-f", "-"], SeedRestore);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            "Error from server: error when creating \"STDIN\": admission webhook \"virtualmachinerestore-validator.snapshot.kubevirt.io\" denied the request: Snapshot/Restore feature gate not enabled\n",
            refused.Error);
        Assert.Equal(0, patched.ExitCode);
        Assert.Equal((0, "virtualmachinerestore.snapshot.kubevirt.io/restore-larry created\n"), (applied.ExitCode, applied.Output));
    }

    /// <summary>A manifest of <c>examples/</c> (the seed's YAML, verbatim).</summary>
    private static string Example(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", file));

    private async Task<(int ExitCode, string Output, string Error)> KubectlAsync(IReadOnlyList<string> arguments, string? input = null)
    {
        var startInfo = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("TEST_ASSET_KUBECTL") ?? "kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["KUBECONFIG"] = fixture.Environment.KubeconfigPath;
        using var kubectl = Process.Start(startInfo) ?? throw new InvalidOperationException("kubectl did not start");
        var output = kubectl.StandardOutput.ReadToEndAsync();
        var error = kubectl.StandardError.ReadToEndAsync();
        await kubectl.StandardInput.WriteAsync(input ?? "");
        kubectl.StandardInput.Close();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await kubectl.WaitForExitAsync(bound.Token);
        return (kubectl.ExitCode, await output, await error);
    }
}
