using System.Net.Sockets;
using Grpc.Net.Client;

namespace Harness.Simulators.Csi.Hosting;

/// <summary>gRPC channels to a CSI driver listening on a Unix socket (the CSI endpoint <c>unix:///path</c>).</summary>
public static class CsiGrpcChannel
{
    public static GrpcChannel ForUnixSocket(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
    }
}
