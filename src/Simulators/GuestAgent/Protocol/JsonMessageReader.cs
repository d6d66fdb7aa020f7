using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Simulators.GuestAgent;

/// <summary>
/// Splits the agent's input stream into JSON values the way qemu's JSON streamer does: a value ends when
/// its braces and brackets balance (no newline needed); a byte that cannot start or continue a token
/// (control characters, 0xFE, 0xFF) is a lexical error that drops the partial value and is reported as
/// <c>JSON parse error, stray '…'</c>; after an error, input is skipped up to the next structural
/// character, control character or 0xFF, which is how clients resynchronise. Single-quoted strings,
/// which qemu accepts, are read as double-quoted ones.
/// </summary>
internal sealed class JsonMessageReader
{
    private const int MaxNesting = 1024;
    private readonly List<byte> buffer = [];
    private State state = State.Start;
    private int depth;
    private byte quote;
    private bool escape;

    private enum State
    {
        Start,
        Value,
        Scalar,
        Recovery,
    }

    public void Feed(ReadOnlySpan<byte> data, List<JsonMessage> output)
    {
        foreach (var b in data)
        {
            Consume(b, output);
        }
    }

    private void Consume(byte b, List<JsonMessage> output)
    {
        switch (state)
        {
            case State.Recovery:
                if (b is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)':' or (byte)',' or >= 0xFE
                    || (b < 0x20 && b != (byte)'\t'))
                {
                    state = State.Start;
                    Consume(b, output);
                }

                return;
            case State.Start:
                ConsumeStart(b, output);
                return;
            case State.Scalar:
                ConsumeScalar(b, output);
                return;
            default:
                ConsumeValue(b, output);
                return;
        }
    }

    private void ConsumeStart(byte b, List<JsonMessage> output)
    {
        if (IsWhitespace(b))
        {
            return;
        }

        if (b is (byte)'{' or (byte)'[')
        {
            state = State.Value;
            depth = 1;
            buffer.Add(b);
            return;
        }

        if (b is (byte)'}' or (byte)']' or (byte)':' or (byte)',')
        {
            output.Add(new JsonMessage(null, "JSON parse error, expecting value"));
            return;
        }

        if (b is (byte)'"' or (byte)'\'' || IsTokenByte(b))
        {
            state = State.Scalar;
            quote = b is (byte)'"' or (byte)'\'' ? b : (byte)0;
            escape = false;
            buffer.Add(b);
            return;
        }

        LexicalError(b, output);
    }

    private void ConsumeScalar(byte b, List<JsonMessage> output)
    {
        if (quote != 0)
        {
            if (b < 0x20 || b >= 0xFE)
            {
                LexicalError(b, output);
                return;
            }

            buffer.Add(b);
            if (escape)
            {
                escape = false;
            }
            else if (b == (byte)'\\')
            {
                escape = true;
            }
            else if (b == quote && buffer.Count > 1)
            {
                Finish(output, "QMP input must be a JSON object");
            }

            return;
        }

        if (IsTokenByte(b))
        {
            buffer.Add(b);
            return;
        }

        var token = Encoding.ASCII.GetString(buffer.ToArray());
        var isValue = token is "true" or "false" or "null" || double.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out _);
        Finish(output, isValue ? "QMP input must be a JSON object" : $"JSON parse error, invalid keyword '{token}'");
        Consume(b, output);
    }

    private void ConsumeValue(byte b, List<JsonMessage> output)
    {
        if (buffer.Count >= GuestAgentConstants.MaxMessageBytes)
        {
            Reset(State.Recovery);
            output.Add(new JsonMessage(null, "JSON token size limit exceeded"));
            return;
        }

        if (quote != 0)
        {
            ConsumeString(b, output);
            return;
        }

        switch (b)
        {
            case (byte)'"' or (byte)'\'':
                quote = b;
                escape = false;
                buffer.Add((byte)'"');
                return;
            case (byte)'{' or (byte)'[':
                if (++depth > MaxNesting)
                {
                    Reset(State.Recovery);
                    output.Add(new JsonMessage(null, "JSON nesting depth limit exceeded"));
                    return;
                }

                buffer.Add(b);
                return;
            case (byte)'}' or (byte)']':
                buffer.Add(b);
                if (--depth == 0)
                {
                    Parse(output);
                }

                return;
            case (byte)':' or (byte)',':
                buffer.Add(b);
                return;
        }

        if (IsWhitespace(b) || IsTokenByte(b))
        {
            buffer.Add(b);
            return;
        }

        LexicalError(b, output);
    }

    private void ConsumeString(byte b, List<JsonMessage> output)
    {
        if (b < 0x20 || b >= 0xFE)
        {
            LexicalError(b, output);
            return;
        }

        if (escape)
        {
            escape = false;
            if (!(quote == (byte)'\'' && b == (byte)'\''))
            {
                buffer.Add((byte)'\\');
            }

            buffer.Add(b);
            return;
        }

        if (b == (byte)'\\')
        {
            escape = true;
            return;
        }

        if (b == quote)
        {
            quote = 0;
            buffer.Add((byte)'"');
            return;
        }

        if (b == (byte)'"')
        {
            buffer.Add((byte)'\\');
        }

        buffer.Add(b);
    }

    private void Parse(List<JsonMessage> output)
    {
        var bytes = buffer.ToArray();
        Reset(State.Start);
        try
        {
            output.Add(new JsonMessage(JsonNode.Parse(bytes), null));
        }
        catch (JsonException exception)
        {
            var reason = exception.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            output.Add(new JsonMessage(null, $"JSON parse error, {reason}"));
        }
    }

    private void Finish(List<JsonMessage> output, string error)
    {
        Reset(State.Start);
        output.Add(new JsonMessage(null, error));
    }

    private void LexicalError(byte b, List<JsonMessage> output)
    {
        Reset(State.Recovery);
        var stray = b >= 0x80 ? "\uFFFD" : ((char)b).ToString();
        output.Add(new JsonMessage(null, $"JSON parse error, stray '{stray}'"));
    }

    private void Reset(State next)
    {
        buffer.Clear();
        depth = 0;
        quote = 0;
        escape = false;
        state = next;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static bool IsTokenByte(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'+' or (byte)'.';
}
