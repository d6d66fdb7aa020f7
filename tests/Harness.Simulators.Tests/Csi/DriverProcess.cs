using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Grpc.Net.Client;
using Harness.Simulators.Csi.Hosting;

namespace Harness.Simulators.Tests.Csi;

/// <summary>A real <c>harness-csi-driver</c> process, started from the test's output directory.</summary>
internal sealed class DriverProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private DriverProcess(Process process, string socketPath)
    {
        this.process = process;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public string Output { get { lock (output) { return output.ToString(); } } }

    public string Error { get { lock (error) { return error.ToString(); } } }

    public int ExitCode => process.ExitCode;

    public static Process Launch(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "harness-csi-driver.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start harness-csi-driver");
    }

    /// <summary>Runs the driver with a command line expected to fail; returns exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunToExitAsync(params string[] arguments)
    {
        using var process = Launch(arguments);
        var errorText = process.StandardError.ReadToEndAsync();
        var outputText = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        await outputText;
        return (process.ExitCode, await errorText);
    }

    public static async Task<DriverProcess> StartAsync(string socketPath, params string[] arguments)
    {
        var process = Launch(["--endpoint", $"unix://{socketPath}", .. arguments]);
        var driver = new DriverProcess(process, socketPath);
        process.OutputDataReceived += (_, e) => { lock (driver.output) { driver.output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (driver.error) { driver.error.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await driver.WaitUntilServingAsync();
        return driver;
    }

    public GrpcChannel CreateChannel() => CsiGrpcChannel.ForUnixSocket(SocketPath);

    /// <summary>SIGKILL: the process dies at once, wherever it is.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for the exit.</summary>
    public async Task TerminateAsync()
    {
        const int sigterm = 15;
        if (kill(process.Id, sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains("Serving CSI driver", StringComparison.Ordinal))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"harness-csi-driver exited with {process.ExitCode}: {Error}");
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"harness-csi-driver did not start serving within {StartTimeout}: {Output}{Error}");
            }

            await Task.Delay(20);
        }
    }
}
