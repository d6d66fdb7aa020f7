using System.Diagnostics;
using System.Net.Sockets;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>A real <c>harness-guest-agent</c> process on a temporary Unix socket; killed when disposed.</summary>
internal sealed class GuestAgentProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly Task<string> standardError;
    private readonly Task<string> standardOutput;

    private GuestAgentProcess(Process process, string directory, string socketPath)
    {
        this.process = process;
        Directory = directory;
        SocketPath = socketPath;
        standardError = process.StandardError.ReadToEndAsync();
        standardOutput = process.StandardOutput.ReadToEndAsync();
    }

    public string Directory { get; }

    public string SocketPath { get; }

    public int Id => process.Id;

    public static string AgentDll => Path.Combine(AppContext.BaseDirectory, "harness-guest-agent.dll");

    /// <summary>Starts the agent with <paramref name="arguments"/> after <c>--socket</c> and waits until it accepts connections.</summary>
    public static Task<GuestAgentProcess> StartAsync(params string[] arguments) => StartAsync(_ => { }, arguments);

    /// <summary>As <see cref="StartAsync(string[])"/>; <paramref name="prepare"/> gets the directory and socket path first.</summary>
    public static async Task<GuestAgentProcess> StartAsync(Action<string> prepare, params string[] arguments)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ga-" + Path.GetRandomFileName());
        System.IO.Directory.CreateDirectory(directory);
        var socketPath = Path.Combine(directory, "agent.sock");
        prepare(socketPath);
        var agent = new GuestAgentProcess(
            Start(["--socket", socketPath, .. arguments.Select(a => a.Replace("{dir}", directory, StringComparison.Ordinal))]), directory, socketPath);
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            if (agent.process.HasExited)
            {
                throw new InvalidOperationException($"agent exited with {agent.process.ExitCode}: {await agent.standardError}");
            }

            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await probe.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token);
                return agent;
            }
            catch (SocketException)
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    /// <summary>Runs the agent to completion with <paramref name="arguments"/>; returns its exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunToExitAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await error + await output);
    }

    public async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = new CancellationTokenSource(StartTimeout);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), deadline.Token);
        return socket;
    }

    /// <summary>Sends SIGTERM (or kills) and waits, bounded, for the exit; returns the exit code and standard error.</summary>
    public async Task<(int ExitCode, string Error)> StopAsync(bool kill = false)
    {
        if (kill)
        {
            process.Kill();
        }
        else
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        return await WaitForExitAsync();
    }

    public async Task<(int ExitCode, string Error)> WaitForExitAsync()
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(deadline.Token);
        await standardOutput;
        return (process.ExitCode, await standardError);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static Process Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AgentDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
