using System.Net.Sockets;

namespace Harness.Runtime;

/// <summary>Connections to a process listening on a Unix socket (a CSI driver's endpoint, a guest agent's channel).</summary>
public static class UnixSocketStream
{
    /// <summary>A stream over a new connection to <paramref name="path"/>; it owns the socket.</summary>
    public static async ValueTask<Stream> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
