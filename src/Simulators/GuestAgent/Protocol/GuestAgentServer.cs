using System.Text;
using System.Text.Json.Nodes;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// The QEMU guest agent of one <see cref="Guest"/>, serving one connection at a time over any
/// <see cref="Stream"/> (a Unix socket live, an in-memory duplex stream in simulation). It answers
/// newline-delimited QMP requests as qemu-ga does: <c>{"return": ...}</c> or
/// <c>{"error": {"class": ..., "desc": ...}}</c>, with the request's <c>id</c> echoed; while the
/// filesystems are frozen only the commands qemu-ga allows while frozen run.
/// </summary>
public sealed class GuestAgentServer
{
    /// <summary>The commands this agent implements, in the order <c>guest-info</c> lists them.</summary>
    public static readonly IReadOnlyList<string> SupportedCommands =
    [
        "guest-sync-delimited",
        "guest-sync",
        "guest-ping",
        "guest-info",
        "guest-fsfreeze-status",
        "guest-fsfreeze-freeze",
        "guest-fsfreeze-thaw",
    ];

    private static readonly string[] AllowedWhileFrozen =
    [
        "guest-ping",
        "guest-info",
        "guest-sync",
        "guest-sync-delimited",
        "guest-fsfreeze-status",
        "guest-fsfreeze-thaw",
    ];

    private readonly Guest guest;
    private readonly GuestAgentSimulatorOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Random random;
    private int commandsReceived;

    public GuestAgentServer(Guest guest, GuestAgentSimulatorOptions options, TimeProvider timeProvider, Random random)
    {
        ArgumentNullException.ThrowIfNull(guest);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.guest = guest;
        this.options = options;
        this.timeProvider = timeProvider;
        this.random = random;
    }

    /// <summary>The guest this agent runs in.</summary>
    public Guest Guest => guest;

    /// <summary>Whether the <c>crash-after</c> fault has crashed this agent; a crashed agent serves nothing more.</summary>
    public bool HasCrashed { get; private set; }

    /// <summary>
    /// Serves <paramref name="stream"/> until the client leaves, the session is cancelled, or a fault ends it.
    /// The caller owns the stream and closes it afterwards (that close is what the client sees as a hang-up).
    /// </summary>
    public async Task<GuestAgentSessionEnd> ServeAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (HasCrashed)
        {
            return GuestAgentSessionEnd.Crashed;
        }

        var reader = new JsonMessageReader();
        var messages = new List<JsonMessage>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return GuestAgentSessionEnd.ClientDisconnected;
                }

                messages.Clear();
                reader.Feed(buffer.AsSpan(0, read), messages);
                foreach (var message in messages)
                {
                    if (message.Value is not null)
                    {
                        if (++commandsReceived == options.Faults.CrashAfterCommands)
                        {
                            HasCrashed = true;
                            return GuestAgentSessionEnd.Crashed;
                        }

                        if (commandsReceived == options.Faults.DisconnectAfterCommands)
                        {
                            return GuestAgentSessionEnd.Disconnected;
                        }
                    }

                    var (response, delimited) = await AnswerAsync(message, cancellationToken);
                    await WriteAsync(stream, response, delimited, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return GuestAgentSessionEnd.Cancelled;
        }
        catch (IOException)
        {
            return GuestAgentSessionEnd.ClientDisconnected;
        }
        catch (ObjectDisposedException)
        {
            return GuestAgentSessionEnd.ClientDisconnected;
        }
    }

    private async Task<(JsonObject Response, bool Delimited)> AnswerAsync(JsonMessage message, CancellationToken cancellationToken)
    {
        if (message.ParseError is { } parseError)
        {
            return (Error(GuestAgentErrorClass.GenericError, parseError), false);
        }

        var id = (message.Value as JsonObject)?["id"]?.DeepClone();
        JsonObject response;
        var delimited = false;
        try
        {
            var request = GuestAgentRequest.From(message.Value);
            response = new JsonObject { ["return"] = await ExecuteAsync(request, cancellationToken) };
            delimited = request.Command == "guest-sync-delimited";
        }
        catch (GuestAgentCommandException error)
        {
            response = Error(error.ErrorClass, error.Description);
        }

        if (id is not null)
        {
            response["id"] = id;
        }

        if (options.Faults.Latency is { } latency)
        {
            await Task.Delay(latency.Draw(random), timeProvider, cancellationToken);
        }

        return (response, delimited);
    }

    private async ValueTask<JsonNode> ExecuteAsync(GuestAgentRequest request, CancellationToken cancellationToken)
    {
        if (!SupportedCommands.Contains(request.Command))
        {
            throw new GuestAgentCommandException(GuestAgentErrorClass.CommandNotFound, $"The command {request.Command} has not been found");
        }

        if (guest.Status == FsFreezeStatus.Frozen && !AllowedWhileFrozen.Contains(request.Command))
        {
            throw new GuestAgentCommandException(
                GuestAgentErrorClass.CommandNotFound, $"The command {request.Command} has been disabled for this instance");
        }

        switch (request.Command)
        {
            case "guest-sync" or "guest-sync-delimited":
                request.CheckArguments("id");
                return request.RequiredInteger("id");
            case "guest-ping":
                request.CheckArguments();
                return new JsonObject();
            case "guest-info":
                request.CheckArguments();
                return Info();
            case "guest-fsfreeze-status":
                request.CheckArguments();
                return guest.Status == FsFreezeStatus.Frozen ? "frozen" : "thawed";
            case "guest-fsfreeze-freeze":
                request.CheckArguments();
                return await FreezeAsync(cancellationToken);
            default:
                request.CheckArguments();
                return guest.Thaw();
        }
    }

    private async ValueTask<int> FreezeAsync(CancellationToken cancellationToken)
    {
        var faults = options.Faults;
        if (faults.FreezeFails)
        {
            throw new GuestAgentCommandException(
                GuestAgentErrorClass.GenericError, $"failed to freeze {guest.MountPoints[^1]}: Operation not permitted");
        }

        var frozen = await guest.FreezeAsync();
        if (faults.FreezeHangs)
        {
            await Task.Delay(faults.FreezeHangDuration ?? Timeout.InfiniteTimeSpan, timeProvider, cancellationToken);
        }

        return frozen;
    }

    private JsonObject Info()
    {
        var commands = new JsonArray();
        foreach (var command in SupportedCommands)
        {
            commands.Add(new JsonObject
            {
                ["enabled"] = guest.Status == FsFreezeStatus.Thawed || AllowedWhileFrozen.Contains(command),
                ["name"] = command,
                ["success-response"] = true,
            });
        }

        return new JsonObject { ["version"] = options.Version, ["supported_commands"] = commands };
    }

    private static JsonObject Error(string errorClass, string description) =>
        new() { ["error"] = new JsonObject { ["class"] = errorClass, ["desc"] = description } };

    private static async Task WriteAsync(Stream stream, JsonObject response, bool delimited, CancellationToken cancellationToken)
    {
        var text = QmpJsonWriter.Write(response) + "\n";
        var bytes = new byte[(delimited ? 1 : 0) + Encoding.UTF8.GetByteCount(text)];
        if (delimited)
        {
            bytes[0] = GuestAgentConstants.SentinelByte;
        }

        Encoding.UTF8.GetBytes(text, bytes.AsSpan(delimited ? 1 : 0));
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
