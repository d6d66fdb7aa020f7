using Google.Protobuf.Reflection;
using Harness.EnvTest.Protos;

namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>
/// Walks a protobuf message as the gogo-generated <c>Unmarshal</c> methods of kube's types do, and fails where they
/// fail, with their words: a field number the message does not know is skipped (so a newer client's fields are
/// dropped, not refused), but a known field sent with another wire type, a tag of field 0, an end-group tag, an
/// illegal wire type, a negative length, an over-long varint or a value cut short is an error. Google.Protobuf keeps
/// a known field with the wrong wire type as an unknown one, so this walk runs before it.
/// </summary>
internal static class GogoWireCheck
{
    private const string UnexpectedEof = "unexpected EOF";
    private const string InvalidLength = "proto: negative length found during unmarshaling";
    private const string IntegerOverflow = "proto: integer overflow";

    /// <summary>Checks <paramref name="data"/> as an encoding of <paramref name="descriptor"/>.</summary>
    /// <exception cref="FormatException">The first fault in byte order, worded as kube's decoder words it.</exception>
    public static void Check(ReadOnlySpan<byte> data, MessageDescriptor descriptor)
    {
        var i = 0;
        while (i < data.Length)
        {
            var start = i;
            var wire = Varint(data, ref i);
            var fieldNumber = unchecked((int)(wire >> 3));
            var wireType = (int)(wire & 7);
            if (wireType == 4)
            {
                throw new FormatException($"proto: {GoType(descriptor)}: wiretype end group for non-group");
            }

            if (fieldNumber <= 0)
            {
                throw new FormatException($"proto: {GoType(descriptor)}: illegal tag {fieldNumber} (wire type {wire})");
            }

            if (descriptor.FindFieldByNumber(fieldNumber) is { } field)
            {
                Field(data, ref i, field, wireType);
            }
            else
            {
                i = SkipField(data, start, data.Length);
            }
        }
    }

    private static void Field(ReadOnlySpan<byte> data, ref int i, FieldDescriptor field, int wireType)
    {
        var expected = field.IsMap ? 2 : WireTypeOf(field.FieldType);
        if (field.IsRepeated && !field.IsMap && expected == 0 && wireType == 2)
        {
            var packedEnd = LengthDelimitedEnd(data, ref i);
            while (i < packedEnd)
            {
                Varint(data, ref i);
            }

            return;
        }

        if (wireType != expected)
        {
            throw new FormatException($"proto: wrong wireType = {wireType} for field {GoName(field)}");
        }

        switch (expected)
        {
            case 0:
                Varint(data, ref i);
                break;
            case 1 or 5:
                var width = expected == 1 ? 8 : 4;
                if (i + width > data.Length)
                {
                    throw new FormatException(UnexpectedEof);
                }

                i += width;
                break;
            default:
                var end = LengthDelimitedEnd(data, ref i);
                if (field.IsMap)
                {
                    MapEntry(data, i, end, field.MessageType);
                }
                else if (field.FieldType == FieldType.Message)
                {
                    Check(data[i..end], field.MessageType);
                }

                i = end;
                break;
        }
    }

    /// <summary>gogo reads a map entry's key and value as length-delimited whatever their wire type, and skips other fields.</summary>
    private static void MapEntry(ReadOnlySpan<byte> data, int i, int end, MessageDescriptor entry)
    {
        while (i < end)
        {
            var start = i;
            var fieldNumber = unchecked((int)(Varint(data, ref i) >> 3));
            if (fieldNumber is 1 or 2)
            {
                var valueEnd = LengthDelimitedEnd(data, ref i);
                if (fieldNumber == 2 && entry.FindFieldByNumber(2) is { FieldType: FieldType.Message } value)
                {
                    Check(data[i..valueEnd], value.MessageType);
                }

                i = valueEnd;
            }
            else
            {
                i = SkipField(data, start, end);
            }
        }
    }

    /// <summary>gogo's <c>skipGenerated</c> from <paramref name="start"/>, bounded by <paramref name="limit"/>: where the field ends.</summary>
    private static int SkipField(ReadOnlySpan<byte> data, int start, int limit)
    {
        var rest = data[start..];
        long i = 0;
        var depth = 0;
        while (i < rest.Length)
        {
            var at = (int)i;
            var wireType = (int)(Varint(rest, ref at) & 7);
            i = at;
            switch (wireType)
            {
                case 0:
                    Varint(rest, ref at);
                    i = at;
                    break;
                case 1:
                    i += 8;
                    break;
                case 2:
                    var length = SignedLength(rest, ref at);
                    i = length < 0 ? throw new FormatException(InvalidLength) : unchecked(at + length);
                    break;
                case 3:
                    depth++;
                    break;
                case 4:
                    depth = depth == 0 ? throw new FormatException("proto: unexpected end of group") : depth - 1;
                    break;
                case 5:
                    i += 4;
                    break;
                default:
                    throw new FormatException($"proto: illegal wireType {wireType}");
            }

            if (i < 0)
            {
                throw new FormatException(InvalidLength);
            }

            if (depth == 0)
            {
                return start + i > limit ? throw new FormatException(UnexpectedEof) : (int)(start + i);
            }
        }

        throw new FormatException(UnexpectedEof);
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift >= 64)
            {
                throw new FormatException(IntegerOverflow);
            }

            if (i >= data.Length)
            {
                throw new FormatException(UnexpectedEof);
            }

            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    /// <summary>A length as Go's <c>int</c> accumulates it: a huge varint turns negative.</summary>
    private static long SignedLength(ReadOnlySpan<byte> data, ref int i) => unchecked((long)Varint(data, ref i));

    private static int LengthDelimitedEnd(ReadOnlySpan<byte> data, ref int i)
    {
        var length = SignedLength(data, ref i);
        var end = unchecked(i + length);
        return length < 0 || end < 0 ? throw new FormatException(InvalidLength) : end > data.Length ? throw new FormatException(UnexpectedEof) : (int)end;
    }

    private static int WireTypeOf(FieldType type) => type switch
    {
        FieldType.String or FieldType.Bytes or FieldType.Message => 2,
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => 1,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => 5,
        _ => 0,
    };

    private static string GoName(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(OptionsExtensions.GoName) is { Length: > 0 } name ? name : char.ToUpperInvariant(field.Name[0]) + field.Name[1..];

    private static string GoType(MessageDescriptor message) =>
        message.GetOptions()?.GetExtension(OptionsExtensions.GoType) is { Length: > 0 } name ? name : message.Name;
}
