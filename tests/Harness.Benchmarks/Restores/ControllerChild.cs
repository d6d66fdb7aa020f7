using System.Diagnostics;
using Harness.Benchmarks.Snapshots;

namespace Harness.Benchmarks.Restores;

/// <summary>
/// The snapshot and restore controllers in a process of their own (this program re-executed with
/// <see cref="Command"/>), as <c>harness-controller</c> runs them, so that the memory figures are the controllers'
/// alone. Each controller's client counts its requests. The parent asks over the child's standard input; each line it writes
/// (<c>figures</c>, or <c>reset</c> to zero the count after reading it) is answered with one line of
/// <see cref="ControllerFigures"/>; the child stops when its input closes.
/// </summary>
internal sealed class ControllerChild : IAsyncDisposable
{
    public const string Command = "controller-child";
    private const string Started = "started";

    private readonly Process process;

    private ControllerChild(Process process) => this.process = process;

    /// <summary>Starts the child, its controllers with <paramref name="workers"/> per queue.</summary>
    public static async Task<ControllerChild> StartAsync(string kubeconfig, int workers)
    {
        var start = ThisProgram.StartInfo();
        start.ArgumentList.Add(Command);
        start.ArgumentList.Add(kubeconfig);
        start.ArgumentList.Add(workers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the controller process did not start");
        var child = new ControllerChild(process);
        var line = await process.StandardOutput.ReadLineAsync();
        if (line != Started)
        {
            await child.DisposeAsync();
            throw new InvalidOperationException($"the controller process printed '{line}' instead of '{Started}'");
        }

        return child;
    }

    /// <summary>The controllers' requests since the last reset and their process's memory.</summary>
    public Task<ControllerFigures> FiguresAsync() => AskAsync("figures");

    /// <summary>As <see cref="FiguresAsync"/>, then the request counts start again from zero.</summary>
    public Task<ControllerFigures> ResetAsync() => AskAsync("reset");

    /// <summary>The child's side: runs the controllers until standard input closes, answering each line.</summary>
    public static async Task RunAsync(string kubeconfig, int workers)
    {
        var snapshotTraffic = new ControllerTraffic();
        var restoreTraffic = new ControllerTraffic();
        await using var controller = await BenchmarkController.StartAsync(kubeconfig, snapshotTraffic, restoreTraffic, workers);
        Console.WriteLine(Started);
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var figures = new ControllerFigures(snapshotTraffic.Requests, restoreTraffic.Requests, Measures.PeakMemoryMiB(), Measures.MemoryMiB());
            if (line == "reset")
            {
                snapshotTraffic.Reset();
                restoreTraffic.Reset();
            }

            Console.WriteLine(figures.ToLine());
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private async Task<ControllerFigures> AskAsync(string command)
    {
        await process.StandardInput.WriteLineAsync(command);
        await process.StandardInput.FlushAsync();
        var line = await process.StandardOutput.ReadLineAsync();
        return ControllerFigures.Parse(line ?? throw new InvalidOperationException($"the controller process exited ({(process.HasExited ? process.ExitCode : -1)}) before answering '{command}'"));
    }
}
