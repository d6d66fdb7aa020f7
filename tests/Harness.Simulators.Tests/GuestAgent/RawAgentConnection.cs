using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>Bytes in, lines out: the agent's wire protocol without any client logic.</summary>
internal sealed class RawAgentConnection(Stream stream) : IDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);
    private readonly List<byte> received = [];

    public static async Task<RawAgentConnection> ConnectAsync(GuestAgentProcess agent) =>
        new(new NetworkStream(await agent.ConnectAsync(), ownsSocket: true));

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    /// <summary>The next answer line (a leading 0xFF sentinel kept), or <c>null</c> at end of stream.</summary>
    public async Task<byte[]?> ReadLineAsync()
    {
        using var deadline = new CancellationTokenSource(AnswerTimeout);
        var buffer = new byte[4096];
        while (true)
        {
            var end = received.IndexOf((byte)'\n');
            if (end >= 0)
            {
                var line = received.GetRange(0, end).ToArray();
                received.RemoveRange(0, end + 1);
                return line;
            }

            var read = await stream.ReadAsync(buffer, deadline.Token);
            if (read == 0)
            {
                return null;
            }

            received.AddRange(buffer.AsSpan(0, read));
        }
    }

    /// <summary>The next answer, parsed; fails on a sentinel or the end of the stream.</summary>
    public async Task<JsonObject> ReadAnswerAsync()
    {
        var line = await ReadLineAsync() ?? throw new EndOfStreamException("the agent closed the connection");
        return JsonNode.Parse(line)!.AsObject();
    }

    public async Task<JsonObject> ExecuteAsync(string request)
    {
        await SendAsync(request + "\n");
        return await ReadAnswerAsync();
    }

    public void Dispose() => stream.Dispose();
}
