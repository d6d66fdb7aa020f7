using System.Net;
using System.Net.Sockets;

namespace Harness.EnvTest.Environment;

/// <summary>Finds free TCP ports on 127.0.0.1 for a child process to bind (as envtest's <c>addr.Suggest</c>).</summary>
internal static class LoopbackPort
{
    public static int Suggest() => Suggest(1)[0];

    /// <summary>
    /// <paramref name="count"/> different free ports: each is held until all are found, as the system may otherwise hand a
    /// port just released out again (etcd was once given the same client and peer port, and failed to start).
    /// </summary>
    public static int[] Suggest(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
