using System.Diagnostics;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>Runs the real <c>kubectl</c> against a kubeconfig, as a user types it; a non-zero exit fails the test with what kubectl printed.</summary>
internal sealed class Kubectl(string kubeconfig)
{
    /// <summary>Runs kubectl with <paramref name="arguments"/> (and <paramref name="input"/> on stdin); returns its output, trimmed.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, string input = "")
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', arguments)}: exit {process.ExitCode}: {await error}{await output}");
        return (await output).Trim();
    }

    public Task<string> RunAsync(params string[] arguments) => RunAsync((IReadOnlyList<string>)arguments);
}
