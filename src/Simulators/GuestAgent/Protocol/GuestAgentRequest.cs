using System.Text.Json.Nodes;

namespace Harness.Simulators.GuestAgent;

/// <summary>A request that passed qemu's input checks: <c>execute</c>, optional <c>arguments</c> and <c>id</c>.</summary>
internal sealed record GuestAgentRequest(string Command, JsonObject Arguments, JsonNode? Id)
{
    /// <summary>Checks a parsed value as <c>qmp_dispatch_check_obj</c> does; throws with qemu's message.</summary>
    public static GuestAgentRequest From(JsonNode? value)
    {
        if (value is not JsonObject obj)
        {
            throw new GuestAgentCommandException(GuestAgentErrorClass.GenericError, "QMP input must be a JSON object");
        }

        string? command = null;
        var arguments = new JsonObject();
        JsonNode? id = null;
        foreach (var (name, member) in obj)
        {
            switch (name)
            {
                case "execute":
                    if (member is not JsonValue text || !text.TryGetValue<string>(out var commandName))
                    {
                        throw Generic("QMP input member 'execute' must be a string");
                    }

                    command = commandName;
                    break;
                case "arguments":
                    arguments = member as JsonObject ?? throw Generic("QMP input member 'arguments' must be an object");
                    break;
                case "id":
                    id = member;
                    break;
                default:
                    throw Generic($"QMP input member '{name}' is unexpected");
            }
        }

        return command is null
            ? throw Generic("QMP input lacks member 'execute'")
            : new GuestAgentRequest(command, arguments, id);
    }

    /// <summary>Checks the arguments against the command's parameters, as the QAPI input visitor does.</summary>
    public void CheckArguments(params string[] parameters)
    {
        foreach (var (name, _) in Arguments)
        {
            if (!parameters.Contains(name))
            {
                throw Generic($"Parameter '{name}' is unexpected");
            }
        }
    }

    /// <summary>Reads a required integer argument.</summary>
    public long RequiredInteger(string name)
    {
        if (!Arguments.TryGetPropertyValue(name, out var value) || value is null)
        {
            throw Generic($"Parameter '{name}' is missing");
        }

        return value is JsonValue number && number.TryGetValue<long>(out var integer)
            ? integer
            : throw Generic($"Parameter '{name}' expects integer");
    }

    private static GuestAgentCommandException Generic(string description) =>
        new(GuestAgentErrorClass.GenericError, description);
}
