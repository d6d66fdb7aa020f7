using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Harness.Runtime;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// Live guests: one <c>harness-guest-agent --socket PATH --seed N [--fault ...]</c> process per running VMI whose guest
/// runs an agent, its faults read from the VMI's annotations (<see cref="GuestFaults.ForGuest"/>), reached over its Unix
/// socket; disposing the endpoint ends the process (SIGTERM, SIGKILL after a few seconds) and removes the socket.
/// </summary>
public sealed class ProcessGuestAgentConnector : IGuestAgentConnector
{
    private readonly ProcessGuestAgentOptions options;
    private readonly TimeProvider timeProvider;

    public ProcessGuestAgentConnector(ProcessGuestAgentOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.timeProvider = timeProvider;
    }

    public async Task<IGuestAgentEndpoint?> StartAsync(GuestAgentLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (GuestFaults.ForGuest(launch.Annotations) is not { } faults)
        {
            return null;
        }

        Directory.CreateDirectory(options.SocketDirectory);
        var socket = Path.Combine(
            options.SocketDirectory,
            $"{launch.Instance.Namespace}_{launch.Instance.Name}_{launch.Uid[..Math.Min(8, launch.Uid.Length)]}.sock");
        File.Delete(socket);
        var start = new ProcessStartInfo(options.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in options.LeadingArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--socket");
        start.ArgumentList.Add(socket);
        start.ArgumentList.Add("--seed");
        start.ArgumentList.Add(launch.Seed.ToString(CultureInfo.InvariantCulture));
        foreach (var argument in faults.ToCommandLineArguments())
        {
            start.ArgumentList.Add(argument);
        }

        if (launch.Frozen)
        {
            start.ArgumentList.Add("--frozen");
        }

        foreach (var argument in options.ExtraArguments?.Invoke(launch) ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new IOException($"could not start {options.FileName}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Append(output, e.Data);
            if (options.FreezeStatusChanged is { } report && e.Data is { } line && FreezeReport.TryParse(line, out var status, out var journal))
            {
                report(launch, status, journal);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endpoint = new Endpoint(process, socket, timeProvider);
        var deadline = timeProvider.GetUtcNow() + options.StartTimeout;
        while (!await AcceptsAsync(socket, cancellationToken))
        {
            if (process.HasExited || timeProvider.GetUtcNow() > deadline)
            {
                await endpoint.DisposeAsync();
                string log;
                lock (output)
                {
                    log = output.ToString().Trim();
                }

                throw new IOException(
                    process.HasExited
                        ? $"harness-guest-agent exited with code {process.ExitCode} before listening on {socket}: {log}"
                        : $"harness-guest-agent did not listen on {socket} within {options.StartTimeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider, cancellationToken);
        }

        return endpoint;
    }

    private static async Task<bool> AcceptsAsync(string path, CancellationToken cancellationToken)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 4096)
            {
                output.AppendLine(line);
            }
        }
    }

    private sealed class Endpoint(Process process, string socketPath, TimeProvider time) : IGuestAgentEndpoint
    {
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

        public async Task<Stream> ConnectAsync(CancellationToken cancellationToken) => await UnixSocketStream.ConnectAsync(socketPath, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await ProcessTermination.TerminateAsync(process, StopTimeout, time);
            process.Dispose();
            File.Delete(socketPath);
        }
    }
}
