using System.Net.Sockets;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// Serves a <see cref="GuestAgentServer"/> on a Unix socket, one connection at a time like a virtio-serial
/// port: a new connection replaces the current one. A stale socket file is replaced on start and the file
/// is removed on a clean stop; after a crash it stays behind, as a crashed agent's would.
/// </summary>
public sealed class UnixSocketGuestAgentHost
{
    private readonly string socketPath;
    private readonly GuestAgentServer server;
    private readonly TaskFactory taskFactory;
    private readonly TextWriter log;
    private readonly Action onCrash;

    /// <param name="onCrash">Runs the moment the agent crashes, before any clean-up (the process ends itself there).</param>
    public UnixSocketGuestAgentHost(string socketPath, GuestAgentServer server, TaskFactory taskFactory, TextWriter log, Action onCrash)
    {
        this.onCrash = onCrash;
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        this.socketPath = Path.GetFullPath(socketPath);
        this.server = server;
        this.taskFactory = taskFactory;
        this.log = log;
    }

    /// <summary>Listens until <paramref name="cancellationToken"/> is cancelled (returns <c>false</c>) or the agent crashes (returns <c>true</c>).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        RemoveStaleSocket();
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        log.WriteLine($"guest-agent: listening on {socketPath}");
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        (CancellationTokenSource Cancel, Task Done)? current = null;
        try
        {
            while (true)
            {
                var accept = listener.AcceptAsync(stop.Token).AsTask();
                if (await Task.WhenAny(accept, crashed.Task) == crashed.Task)
                {
                    stop.Cancel();
                    await Ignore(accept);
                    return true;
                }

                var connection = await accept;
                if (current is { } previous)
                {
                    log.WriteLine("guest-agent: a new connection replaces the current one");
                    previous.Cancel.Cancel();
                    await previous.Done;
                    previous.Cancel.Dispose();
                }

                var session = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                current = (session, taskFactory.StartNew(() => ServeAsync(connection, crashed, session.Token)).Unwrap());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            if (current is { } last)
            {
                last.Cancel.Cancel();
                await last.Done;
                last.Cancel.Dispose();
            }

            if (!crashed.Task.IsCompleted)
            {
                File.Delete(socketPath);
                log.WriteLine("guest-agent: stopped");
            }
        }
    }

    private async Task ServeAsync(Socket connection, TaskCompletionSource crashed, CancellationToken cancellationToken)
    {
        using (connection)
        await using (var stream = new NetworkStream(connection, ownsSocket: false))
        {
            log.WriteLine("guest-agent: client connected");
            var end = await server.ServeAsync(stream, cancellationToken);
            log.WriteLine($"guest-agent: session ended: {end}");
            if (end == GuestAgentSessionEnd.Crashed)
            {
                onCrash();
                crashed.TrySetResult();
            }
        }
    }

    private void RemoveStaleSocket()
    {
        if (Directory.Exists(socketPath))
        {
            throw new IOException($"--socket {socketPath} is a directory");
        }

        if (!File.Exists(socketPath))
        {
            return;
        }

        if (new FileInfo(socketPath).Length > 0)
        {
            throw new IOException($"--socket {socketPath} exists and is not a socket; refusing to replace it");
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(socketPath));
                throw new IOException($"--socket {socketPath} is in use by a running agent");
            }
            catch (SocketException)
            {
            }
        }

        File.Delete(socketPath);
    }

    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
