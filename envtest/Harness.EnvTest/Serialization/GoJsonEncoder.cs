using System.Buffers;
using System.Text.Encodings.Web;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// Escapes JSON strings as Go's <c>encoding/json</c> encoder does with its default HTML escaping (kube-apiserver's
/// serializer): <c>"</c> and <c>\</c>; <c>\b \f \n \r \t</c>; other control characters, <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>,
/// U+2028 and U+2029 as <c>\u00xx</c> with lower-case hex digits; every other character as itself.
/// </summary>
internal sealed class GoJsonEncoder : JavaScriptEncoder
{
    public static readonly GoJsonEncoder Instance = new();

    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\<>&\u2028\u2029");

    /// <summary>The bytes that start an escaped character in UTF-8; 0xE2 also starts U+2028 and U+2029.</summary>
    private static readonly SearchValues<byte> EscapedUtf8 = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', (byte)'<', (byte)'>', (byte)'&', 0xE2]);

    private GoJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is < 0x20 or '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        new ReadOnlySpan<char>(text, textLength).IndexOfAny(Escaped);

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var offset = 0;
        while (true)
        {
            var found = utf8Text[offset..].IndexOfAny(EscapedUtf8);
            if (found < 0)
            {
                return -1;
            }

            var at = offset + found;
            if (utf8Text[at] != 0xE2 || (utf8Text.Length > at + 2 && utf8Text[at + 1] == 0x80 && utf8Text[at + 2] is 0xA8 or 0xA9))
            {
                return at;
            }

            offset = at + 1;
        }
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var output = new Span<char>(buffer, bufferLength);
        if (!WillEncode(unicodeScalar))
        {
            return new System.Text.Rune(unicodeScalar).TryEncodeToUtf16(output, out numberOfCharactersWritten);
        }

        var shortForm = unicodeScalar switch
        {
            '"' => '"',
            '\\' => '\\',
            '\b' => 'b',
            '\f' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            _ => '\0',
        };
        numberOfCharactersWritten = shortForm == '\0' ? 6 : 2;
        if (output.Length < numberOfCharactersWritten)
        {
            return false;
        }

        output[0] = '\\';
        if (shortForm != '\0')
        {
            output[1] = shortForm;
            return true;
        }

        const string hex = "0123456789abcdef";
        output[1] = 'u';
        for (var digit = 0; digit < 4; digit++)
        {
            output[2 + digit] = hex[(unicodeScalar >> (12 - (4 * digit))) & 0xF];
        }

        return true;
    }
}
