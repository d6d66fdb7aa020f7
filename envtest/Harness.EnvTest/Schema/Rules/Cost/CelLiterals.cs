using System.Text;

namespace Harness.EnvTest.Schema.Rules.Cost;

/// <summary>The length of a CEL string literal's value in characters (a bytes literal's in bytes), from its token.</summary>
internal static class CelLiterals
{
    public static ulong Length(string token)
    {
        var bytes = token.StartsWith('b') || token.StartsWith('B');
        var text = bytes ? token[1..] : token;
        var raw = text.StartsWith('r') || text.StartsWith('R');
        if (raw)
        {
            text = text[1..];
        }

        var quote = text.StartsWith("'''", StringComparison.Ordinal) || text.StartsWith("\"\"\"", StringComparison.Ordinal) ? 3 : 1;
        var body = text[quote..^quote];
        ulong length = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (!raw && body[i] == '\\' && i + 1 < body.Length)
            {
                i += body[i + 1] switch
                {
                    'x' or 'X' => 3,
                    'u' => 5,
                    'U' => 9,
                    >= '0' and <= '7' => 3,
                    _ => 1,
                };
                length++;
            }
            else if (char.IsHighSurrogate(body[i]) && i + 1 < body.Length)
            {
                length += bytes ? 4UL : 1UL;
                i++;
            }
            else
            {
                length += bytes ? (ulong)Encoding.UTF8.GetByteCount(body.AsSpan(i, 1)) : 1UL;
            }
        }

        return length;
    }
}
