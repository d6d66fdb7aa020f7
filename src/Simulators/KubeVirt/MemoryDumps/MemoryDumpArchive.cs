using System.Buffers.Binary;
using System.Text;

namespace Harness.Simulators.KubeVirt.MemoryDumps;

/// <summary>
/// What a memory dump leaves in its claim's volume: the volume's filesystem holds one file, the dump, and the
/// simulator lays it out as a POSIX ustar archive (header, content, two zero blocks) so that the volume's bytes can be
/// read back with any tar reader. The dump itself is an ELF64 core file as libvirt's memory-only dump writes one;
/// the simulated guest has no RAM image, so the core's only content is a <c>KUBEVIRT</c> note naming the guest.
/// </summary>
public static class MemoryDumpArchive
{
    private const int Block = 512;
    private const int NameLength = 100;
    private const string NoteName = "KUBEVIRT";

    /// <summary>The archive holding <paramref name="fileName"/> with an ELF core of the guest described by <paramref name="guest"/>.</summary>
    /// <exception cref="ArgumentException">The file name does not fit a ustar header (100 bytes).</exception>
    public static byte[] Create(string fileName, string guest, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Encoding.UTF8.GetBytes(fileName);
        if (name.Length is 0 or > NameLength)
        {
            throw new ArgumentException($"the dump file name {fileName} does not fit a ustar header ({NameLength} bytes)", nameof(fileName));
        }

        var core = Core(guest);
        var archive = new byte[Block + Padded(core.Length, Block) + (2 * Block)];
        var header = archive.AsSpan(0, Block);
        name.CopyTo(header);
        Octal(header.Slice(100, 8), 0x1a4);
        Octal(header.Slice(108, 8), 0);
        Octal(header.Slice(116, 8), 0);
        Octal(header.Slice(124, 12), core.Length);
        Octal(header.Slice(136, 12), time.ToUnixTimeSeconds());
        header[156] = (byte)'0';
        "ustar\000"u8.CopyTo(header[257..]);
        header.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Octal(header.Slice(148, 7), sum);
        core.CopyTo(archive.AsSpan(Block));
        return archive;
    }

    /// <summary>Reads the archive at the start of a volume: the file's name and content, or null when the volume holds none.</summary>
    public static (string FileName, byte[] Content)? Read(ReadOnlySpan<byte> volume)
    {
        if (volume.Length < Block || !volume.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return null;
        }

        var header = volume[..Block];
        var name = Encoding.UTF8.GetString(header[..NameLength].TrimEnd((byte)0));
        var size = Convert.ToInt64(Encoding.ASCII.GetString(header.Slice(124, 12).TrimEnd((byte)0).Trim((byte)' ')), 8);
        return Block + size > volume.Length ? null : (name, volume.Slice(Block, (int)size).ToArray());
    }

    /// <summary>The text of the core's <c>KUBEVIRT</c> note, or null when <paramref name="core"/> is not such a core.</summary>
    public static string? GuestOf(ReadOnlySpan<byte> core)
    {
        if (core.Length < 120 || !core[..4].SequenceEqual("\u007fELF"u8) || BinaryPrimitives.ReadUInt16LittleEndian(core[16..]) != 4)
        {
            return null;
        }

        var note = core[120..];
        var nameSize = BinaryPrimitives.ReadInt32LittleEndian(note);
        var descriptionSize = BinaryPrimitives.ReadInt32LittleEndian(note[4..]);
        return Encoding.UTF8.GetString(note.Slice(12 + Padded(nameSize, 4), descriptionSize));
    }

    /// <summary>ELF64 little-endian x86-64 core: the header, one PT_NOTE program header, the note.</summary>
    private static byte[] Core(string guest)
    {
        var name = Encoding.ASCII.GetBytes(NoteName + "\0");
        var description = Encoding.UTF8.GetBytes(guest);
        var noteSize = 12 + Padded(name.Length, 4) + Padded(description.Length, 4);
        var core = new byte[64 + 56 + noteSize];
        var span = core.AsSpan();
        "\u007fELF"u8.CopyTo(span);
        span[4] = 2;
        span[5] = 1;
        span[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 62);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(span[54..], 56);
        BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 1);
        var program = span[64..];
        BinaryPrimitives.WriteUInt32LittleEndian(program, 4);
        BinaryPrimitives.WriteUInt64LittleEndian(program[8..], 120);
        BinaryPrimitives.WriteUInt64LittleEndian(program[32..], (ulong)noteSize);
        BinaryPrimitives.WriteUInt64LittleEndian(program[48..], 4);
        var note = span[120..];
        BinaryPrimitives.WriteInt32LittleEndian(note, name.Length);
        BinaryPrimitives.WriteInt32LittleEndian(note[4..], description.Length);
        BinaryPrimitives.WriteInt32LittleEndian(note[8..], 1);
        name.CopyTo(note[12..]);
        description.CopyTo(note[(12 + Padded(name.Length, 4))..]);
        return core;
    }

    private static int Padded(int length, int unit) => (length + unit - 1) / unit * unit;

    /// <summary>Writes <paramref name="value"/> as zero-padded octal filling the field but its last byte (NUL).</summary>
    private static void Octal(Span<byte> field, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        Encoding.ASCII.GetBytes(text, field);
        field[^1] = 0;
    }
}
