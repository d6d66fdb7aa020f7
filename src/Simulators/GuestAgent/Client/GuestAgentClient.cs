using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Runtime.Synchronization;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// The host side of the guest agent channel, as virt-launcher (through libvirt) uses it: every command waits
/// at most <see cref="CommandTimeout"/> of the injected clock; the channel is resynchronised with
/// <c>guest-sync-delimited</c> (preceded by a 0xFF flush byte) on first use and after any timeout, so stale
/// answers are discarded. Errors: <see cref="GuestAgentCommandException"/> when the agent answers with an
/// error, <see cref="GuestAgentUnavailableException"/> when it does not answer (timeout, closed, reset).
/// One command runs at a time.
/// </summary>
public sealed class GuestAgentClient
{
    private readonly Stream stream;
    private readonly TimeProvider timeProvider;
    private readonly Random random;
    private readonly AsyncMutex oneAtATime = new();
    private readonly List<byte> received = [];
    private readonly byte[] readBuffer = new byte[4096];
    private bool synchronised;

    public GuestAgentClient(Stream stream, TimeProvider timeProvider, Random random, TimeSpan? commandTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
        this.timeProvider = timeProvider;
        this.random = random;
        CommandTimeout = commandTimeout ?? GuestAgentConstants.DefaultCommandTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero, nameof(commandTimeout));
    }

    /// <summary>How long one command may take.</summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan CommandTimeout { get; }

    /// <summary>Flushes the channel and waits for the agent to echo a fresh sync id.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await SyncCoreAsync(cancellationToken);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>Runs one command and returns its <c>return</c> value.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments = null, CancellationToken cancellationToken = default)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (!synchronised)
            {
                await SyncCoreAsync(cancellationToken);
            }

            var request = new JsonObject { ["execute"] = command };
            if (arguments is not null)
            {
                request["arguments"] = arguments.DeepClone();
            }

            var answer = await ExchangeAsync(command, request, sentinel: false, cancellationToken);
            if (answer["error"] is JsonObject error)
            {
                throw new GuestAgentCommandException(
                    error["class"]?.GetValue<string>() ?? GuestAgentErrorClass.GenericError,
                    error["desc"]?.GetValue<string>() ?? "");
            }

            return answer.TryGetPropertyValue("return", out var value)
                ? value
                : throw new GuestAgentUnavailableException(command, $"the answer has neither return nor error: {answer.ToJsonString()}");
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken = default) =>
        await ExecuteAsync("guest-ping", cancellationToken: cancellationToken);

    public async Task<GuestAgentInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        var info = await ExecuteAsync("guest-info", cancellationToken: cancellationToken) as JsonObject
            ?? throw new GuestAgentUnavailableException("guest-info", "the answer is not an object");
        var commands = (info["supported_commands"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(c => new GuestAgentCommandInfo(
                c["name"]?.GetValue<string>() ?? "",
                c["enabled"]?.GetValue<bool>() ?? false,
                c["success-response"]?.GetValue<bool>() ?? false))
            .ToList();
        return new GuestAgentInfo(info["version"]?.GetValue<string>() ?? "", commands);
    }

    public async Task<FsFreezeStatus> GetFsFreezeStatusAsync(CancellationToken cancellationToken = default)
    {
        var status = (await ExecuteAsync("guest-fsfreeze-status", cancellationToken: cancellationToken))?.GetValue<string>();
        return status switch
        {
            "frozen" => FsFreezeStatus.Frozen,
            "thawed" => FsFreezeStatus.Thawed,
            _ => throw new GuestAgentUnavailableException("guest-fsfreeze-status", $"unknown status '{status}'"),
        };
    }

    /// <summary>Freezes the guest's filesystems; returns how many were frozen.</summary>
    public async Task<int> FreezeAsync(CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("guest-fsfreeze-freeze", cancellationToken: cancellationToken))!.GetValue<int>();

    /// <summary>Thaws the guest's filesystems; returns how many were thawed (0 when none was frozen).</summary>
    public async Task<int> ThawAsync(CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("guest-fsfreeze-thaw", cancellationToken: cancellationToken))!.GetValue<int>();

    private async Task SyncCoreAsync(CancellationToken cancellationToken)
    {
        var id = random.NextInt64(1, int.MaxValue);
        var request = new JsonObject { ["execute"] = "guest-sync-delimited", ["arguments"] = new JsonObject { ["id"] = id } };
        await ExchangeAsync("guest-sync-delimited", request, sentinel: true, cancellationToken, expectedId: id);
        synchronised = true;
    }

    private async Task<JsonObject> ExchangeAsync(
        string command, JsonObject request, bool sentinel, CancellationToken cancellationToken, long? expectedId = null)
    {
        using var timeout = new CancellationTokenSource(CommandTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var text = Encoding.UTF8.GetBytes(request.ToJsonString() + "\n");
            await stream.WriteAsync(sentinel ? [GuestAgentConstants.SentinelByte, .. text] : text, linked.Token);
            await stream.FlushAsync(linked.Token);
            if (sentinel)
            {
                received.Clear();
            }

            while (true)
            {
                if (sentinel)
                {
                    await DiscardUntilSentinelAsync(command, linked.Token);
                }

                var line = await ReadLineAsync(command, linked.Token);
                JsonObject? answer;
                try
                {
                    answer = JsonNode.Parse(line) as JsonObject;
                }
                catch (JsonException)
                {
                    answer = null;
                }

                if (expectedId is null && answer is not null)
                {
                    return answer;
                }

                if (answer?["return"] is JsonValue value && value.TryGetValue<long>(out var echoed) && echoed == expectedId)
                {
                    return answer;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            synchronised = false;
            throw new GuestAgentUnavailableException(command, $"no answer within {CommandTimeout.TotalSeconds:0.###}s");
        }
        catch (IOException exception)
        {
            synchronised = false;
            throw new GuestAgentUnavailableException(command, $"connection reset ({exception.Message})", exception);
        }
        catch (ObjectDisposedException exception)
        {
            synchronised = false;
            throw new GuestAgentUnavailableException(command, "the connection is closed", exception);
        }
        catch (OperationCanceledException)
        {
            synchronised = false;
            throw;
        }
    }

    private async Task DiscardUntilSentinelAsync(string command, CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = received.IndexOf(GuestAgentConstants.SentinelByte);
            if (index >= 0)
            {
                received.RemoveRange(0, index + 1);
                return;
            }

            received.Clear();
            await FillAsync(command, cancellationToken);
        }
    }

    private async Task<byte[]> ReadLineAsync(string command, CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = received.IndexOf((byte)'\n');
            if (end >= 0)
            {
                var line = received.GetRange(0, end).ToArray();
                received.RemoveRange(0, end + 1);
                return line;
            }

            await FillAsync(command, cancellationToken);
        }
    }

    private async Task FillAsync(string command, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(readBuffer, cancellationToken);
        if (read == 0)
        {
            synchronised = false;
            throw new GuestAgentUnavailableException(command, "the agent closed the connection");
        }

        received.AddRange(readBuffer.AsSpan(0, read));
    }
}
