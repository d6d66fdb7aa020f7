using Harness.EnvTest.Environment;
using Microsoft.Extensions.Hosting;

namespace Harness.Scenarios.Cli;

/// <summary>The block <c>harness up</c> prints after <c>ready</c> (unless <c>--quiet</c>): what runs, where its logs are, what to try next.</summary>
internal static class UpSummary
{
    public static async Task WriteAsync(TextWriter output, TestEnvironment environment, UpBackend backend, IEnumerable<IHostedService> components)
    {
        List<UpSummaryLine> lines =
        [
            new("API server", $"{environment.Configuration.Host} ({Describe(backend)})"),
            .. components.OfType<IExplainedComponent>().SelectMany(c => c.Explain()),
        ];
        var width = lines.Max(l => l.Part.Length) + 2;
        await output.WriteLineAsync();
        foreach (var line in lines)
        {
            await output.WriteLineAsync("  " + line.Part.PadRight(width) + line.Detail);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("Next: export the KUBECONFIG line above, then follow examples/README.md (kubectl apply -f examples/larry-vm.yaml, ...).");
        await output.WriteLineAsync("Ctrl+C or SIGTERM stops everything and removes the temporary files.");
    }

    private static string Describe(UpBackend backend) => backend switch
    {
        UpBackend.Binaries => "etcd and kube-apiserver from KUBEBUILDER_ASSETS",
        UpBackend.Existing => "the existing cluster of KUBECONFIG",
        _ => "embedded, in this process",
    };
}
