using System.Diagnostics;
using System.Net.Sockets;
using Grpc.Net.Client;
using Harness.Simulators.Csi.Hosting;

namespace Harness.Scenarios.Cluster;

/// <summary>A <c>harness-csi-driver</c> process serving CSI on a Unix socket, and a gRPC channel to it.</summary>
public sealed class CsiDriverProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;

    private CsiDriverProcess(Process process, string socketPath, GrpcChannel channel)
    {
        this.process = process;
        SocketPath = socketPath;
        Channel = channel;
    }

    public string SocketPath { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Starts the driver next to this program (<c>harness-csi-driver.dll</c>) and waits until its socket accepts connections.</summary>
    public static async Task<CsiDriverProcess> StartAsync(string driverName, string directory, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var socket = Path.Combine(directory, driverName + ".sock");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "harness-csi-driver.dll"),
                     "--endpoint", "unix://" + socket,
                     "--driver-name", driverName,
                     "--state-dir", Path.Combine(directory, driverName + ".state"),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new IOException("could not start harness-csi-driver");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = timeProvider.GetUtcNow() + StartTimeout;
        while (!await AcceptsAsync(socket, cancellationToken))
        {
            if (process.HasExited || timeProvider.GetUtcNow() > deadline)
            {
                var reason = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not listen within {StartTimeout}";
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw new IOException($"harness-csi-driver {driverName} {reason} (socket {socket})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider, cancellationToken);
        }

        return new CsiDriverProcess(process, socket, CsiGrpcChannel.ForUnixSocket(socket));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        File.Delete(SocketPath);
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
}
