using System.Diagnostics;
using Csi.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Harness.Runtime;
using Harness.Simulators.Csi.Faults;

namespace Harness.Simulators.Csi.Hosting;

/// <summary>
/// A <c>harness-csi-driver</c> process started from the current application's directory (where a
/// project referencing this one finds it: <see cref="SiblingProgram"/>), reachable over its socket.
/// </summary>
public sealed class CsiDriverProcess : IAsyncDisposable
{
    public const string ProgramName = "harness-csi-driver";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process process;
    private readonly TimeProvider time;

    private CsiDriverProcess(Process process, string socketPath, GrpcChannel channel, TimeProvider time)
    {
        this.process = process;
        this.time = time;
        SocketPath = socketPath;
        Channel = channel;
    }

    public string SocketPath { get; }

    public GrpcChannel Channel { get; }

    public CallInvoker CallInvoker => Channel.CreateCallInvoker();

    public int Id => process.Id;

    /// <summary>
    /// Starts the driver and waits until it says it serves (<see cref="CsiDriverServer.ServingMessage"/> on its output), then
    /// checks that Probe answers over its socket; fails when the process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    /// <param name="arguments">Everything but <c>--endpoint</c>: <c>--driver-name</c>, <c>--state-dir</c>, <c>--fault</c>, ...</param>
    /// <param name="faultInjected">Told of every fault the process reports it injected (<see cref="CsiFaultReport"/>), on the thread reading its output.</param>
    public static async Task<CsiDriverProcess> StartAsync(
        string socketPath, IEnumerable<string> arguments, TimeSpan timeout, TimeProvider time, Action<CsiFaultInjected>? faultInjected = null, CancellationToken cancellationToken = default)
    {
        // The driver's log goes to its own pipes, drained here, so it never mixes into the caller's output.
        var start = SiblingProgram.StartInfo(ProgramName);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.ArgumentList.Add("--endpoint");
        start.ArgumentList.Add($"unix://{socketPath}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {ProgramName}");
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains(CsiDriverServer.ServingMessage, StringComparison.Ordinal) == true)
            {
                serving.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (faultInjected is not null && line.Data is { } data && CsiFaultReport.TryParse(data, out var fault))
            {
                faultInjected(fault);
            }
        };
        process.Exited += (_, _) => serving.TrySetException(
            new InvalidOperationException($"{ProgramName} exited with code {process.ExitCode} before serving on {socketPath}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var driver = new CsiDriverProcess(process, socketPath, CsiGrpcChannel.ForUnixSocket(socketPath), time);
        try
        {
            await serving.Task.WaitAsync(timeout, time, cancellationToken);
            await new Identity.IdentityClient(driver.Channel).ProbeAsync(new ProbeRequest(), cancellationToken: cancellationToken);
            return driver;
        }
        catch (TimeoutException e)
        {
            await driver.DisposeAsync();
            throw new TimeoutException($"{ProgramName} did not serve on {socketPath} within {timeout}", e);
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, as a crashing driver: no cleanup, the socket file stays.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM (SIGKILL if it has not ended within a few seconds): the driver stops serving and removes its socket.</summary>
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await ProcessTermination.TerminateAsync(process, StopTimeout, time);
        process.Dispose();
    }
}
