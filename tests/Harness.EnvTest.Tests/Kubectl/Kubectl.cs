using System.Diagnostics;

namespace Harness.EnvTest.Tests.Kubectl;

/// <summary>Runs the machine's real <c>kubectl</c> against a kubeconfig, with a timeout.</summary>
internal sealed class Kubectl(string kubeconfigPath)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string Path { get; } = System.Environment.GetEnvironmentVariable("TEST_ASSET_KUBECTL") ?? "kubectl";

    public async Task<KubectlResult> RunAsync(string arguments, string? standardInput = null)
        => await RunAsync(SplitArguments(arguments), standardInput);

    /// <summary>Starts a long-running kubectl (<c>get -w</c>); the caller reads its output and kills it.</summary>
    public Process Start(string arguments) =>
        Process.Start(StartInfo(SplitArguments(arguments))) ?? throw new InvalidOperationException("kubectl did not start");

    public async Task<KubectlResult> RunAsync(IReadOnlyList<string> arguments, string? standardInput = null)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
        }

        return new KubectlResult(process.ExitCode, await output, await error);
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["KUBECONFIG"] = kubeconfigPath;
        startInfo.Environment["HOME"] = System.IO.Path.GetDirectoryName(kubeconfigPath);
        startInfo.Environment.Remove("KUBECTL_EXTERNAL_DIFF");
        return startInfo;
    }

    private static List<string> SplitArguments(string arguments)
    {
        var result = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var inToken = false;
        foreach (var c in arguments)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    result.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            result.Add(current.ToString());
        }

        return result;
    }
}
