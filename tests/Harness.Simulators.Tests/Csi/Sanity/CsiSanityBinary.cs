using System.Diagnostics;

namespace Harness.Simulators.Tests.Csi.Sanity;

/// <summary>The real csi-sanity (kubernetes-csi/csi-test), found through <c>CSI_SANITY</c> or in <c>KUBEBUILDER_ASSETS</c>.</summary>
internal static class CsiSanityBinary
{
    public const string HowToEnable =
        "csi-sanity not found: set CSI_SANITY to a csi-sanity binary, or KUBEBUILDER_ASSETS to a folder holding one "
        + "(export KUBEBUILDER_ASSETS=\"$(../shared/reference-binaries/unpack)\" from the repository root)";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CSI_SANITY") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        return Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS") is { Length: > 0 } assets
            && Path.Combine(assets, "csi-sanity") is var path && File.Exists(path)
            ? path
            : null;
    }

    /// <summary>Runs csi-sanity in its default configuration against the socket; returns its whole output.</summary>
    public static async Task<string> RunAsync(string binary, string socketPath, string workDirectory, params string[] extraArguments)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["GINKGO_NO_COLOR"] = "TRUE" },
        };
        foreach (var argument in (string[])[
            "--csi.endpoint", socketPath,
            "--csi.stagingdir", Path.Combine(workDirectory, "staging"),
            "--csi.mountdir", Path.Combine(workDirectory, "mount"),
            .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"csi-sanity did not finish within {RunTimeout}: {await output}");
        }

        return await output + await error;
    }
}
