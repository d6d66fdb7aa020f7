using System.Diagnostics;
using Harness.Durations;
using Harness.Runtime;
using Harness.Scenarios.Cluster.Components;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// A <c>harness-controller</c> process against a kubeconfig, its output appended to a log file. Started, it has
/// printed that its controllers run; disposed, it gets SIGTERM and a few seconds to end; killed, SIGKILL. It may be
/// started before its API server: it waits for the kubeconfig and the server (<c>--wait-for-cluster</c>) as long as
/// this side waits for it to start, so that a cold runtime on a loaded machine is not cut short by the controller's
/// own 10 s preflight.
/// </summary>
public sealed class HarnessControllerProcess : IAsyncDisposable, IKillable
{
    public const string ProgramName = "harness-controller";
    private const string StartedLine = "Started controllers";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly StreamWriter log;
    private readonly TimeProvider time;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HarnessControllerProcess(Process process, StreamWriter log, TimeProvider time)
    {
        this.process = process;
        this.log = log;
        this.time = time;
    }

    /// <summary>
    /// Starts the process with <paramref name="arguments"/> after <c>--kubeconfig</c> and <c>--wait-for-cluster
    /// <paramref name="startTimeout"/></c>, and waits as long until its controllers run; with <paramref name="withoutSystemTrustStore"/>, OpenSSL's trust store variables name no
    /// certificates (<see cref="LiveClusterOptions.ControllerTrustsOnlyClusterCa"/>).
    /// </summary>
    public static async Task<HarnessControllerProcess> StartAsync(
        string kubeconfig, IReadOnlyList<string> arguments, bool withoutSystemTrustStore, string logPath, TimeSpan startTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = SiblingProgram.StartInfo(ProgramName);
        if (withoutSystemTrustStore)
        {
            start.Environment["SSL_CERT_FILE"] = "/dev/null";
            start.Environment["SSL_CERT_DIR"] = "/dev/null";
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var argument in (string[])["--kubeconfig", kubeconfig, "--wait-for-cluster", GoDuration.Format(startTimeout), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {ProgramName}");
        var controller = new HarnessControllerProcess(process, log, time);
        process.OutputDataReceived += (_, line) => controller.Record(line.Data);
        process.ErrorDataReceived += (_, line) => controller.Record(line.Data);
        process.Exited += (_, _) => controller.started.TrySetException(
            new InvalidOperationException($"{ProgramName} exited with code {process.ExitCode} before its controllers started; see {logPath}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await controller.started.Task.WaitAsync(startTimeout, time, cancellationToken);
            return controller;
        }
        catch
        {
            await controller.KillAsync();
            await controller.DisposeAsync();
            throw;
        }
    }

    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, then SIGKILL if the process has not ended within a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.TerminateAsync(process, StopTimeout, time);
        process.Dispose();
        await log.DisposeAsync();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }

        if (line.Contains(StartedLine, StringComparison.Ordinal))
        {
            started.TrySetResult();
        }
    }
}
