using Grpc.Net.Client;
using Harness.Runtime;

namespace Harness.Simulators.Csi.Hosting;

/// <summary>gRPC channels to a CSI driver listening on a Unix socket (the CSI endpoint <c>unix:///path</c>).</summary>
public static class CsiGrpcChannel
{
    public static GrpcChannel ForUnixSocket(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, cancellationToken) => UnixSocketStream.ConnectAsync(socketPath, cancellationToken),
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
    }
}
