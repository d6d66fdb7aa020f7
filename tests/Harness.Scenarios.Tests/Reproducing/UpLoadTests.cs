using Harness.Scenarios.Cli;

namespace Harness.Scenarios.Tests.Reproducing;

/// <summary><c>harness up --load</c> refusing what it cannot load: it says what and where, and exits 1 without serving.</summary>
public sealed class UpLoadTests : IDisposable
{
    private readonly Dumps dumps = new();

    public void Dispose() => dumps.Dispose();

    private async Task<(int ExitCode, string Output, string Error)> UpAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var exitCode = await HarnessCommandLine.RunAsync(
            ["up", "--kubeconfig", Path.Combine(dumps.Folder, "kubeconfig"), .. arguments], [], output, error, bound.Token);
        return (exitCode, output.ToString(), error.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpLoad_UnparsableFile_NamesItAndExitsOne()
    {
        var bad = dumps.Write("bad.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n");

        var (exitCode, output, error) = await UpAsync("--load", Dumps.StoppedVmWithSnapshot, bad);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"harness up --load: the dump cannot be loaded, nothing was:\n{bad}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpLoad_ObjectFailingValidation_NamesItsPositionAndExitsOneWithoutServing()
    {
        var bad = dumps.Write("namespaces/apps/core/persistentvolumeclaims.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: PersistentVolumeClaim
              metadata: {name: broken, namespace: apps}
              spec: {accessModes: [Sometimes], resources: {requests: {storage: 1Gi}}}
            """);

        var (exitCode, output, error) = await UpAsync("--load", Dumps.StoppedVmWithSnapshot, dumps.Folder);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains($"{bad}:4:3: PersistentVolumeClaim \"broken\" is invalid: spec.accessModes: Unsupported value: \"Sometimes\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpLoad_OtherBackend_IsRefused()
    {
        var (exitCode, _, error) = await UpAsync("--load", Dumps.StoppedVmWithSnapshot, "--backend", "existing");

        Assert.Equal(1, exitCode);
        Assert.Equal("harness up --load: a dump loads only into the embedded API server (uids and statuses as found), not with --backend existing\n", error);
    }
}
