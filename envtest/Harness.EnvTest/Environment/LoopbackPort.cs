using System.Net;
using System.Net.Sockets;

namespace Harness.EnvTest.Environment;

/// <summary>Finds a free TCP port on 127.0.0.1 for a child process to bind (as envtest's <c>addr.Suggest</c>).</summary>
internal static class LoopbackPort
{
    public static int Suggest()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
