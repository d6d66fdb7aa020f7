namespace Harness.Runtime.Randomness;

/// <summary>
/// The 64-bit FNV-1a hash. Stable across processes and platforms (unlike <c>string.GetHashCode</c>),
/// so seeds derived from names and trace hashes can be compared between runs.
/// </summary>
public struct Fnv1a64
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private ulong _state;

    /// <summary>Creates a hash in its initial state.</summary>
    public Fnv1a64() => _state = OffsetBasis;

    /// <summary>The hash of everything appended so far.</summary>
    public readonly ulong Value => _state;

    /// <summary>Hashes a string's UTF-16 code units.</summary>
    public static ulong Of(string text)
    {
        var hash = new Fnv1a64();
        hash.Append(text);
        return hash.Value;
    }

    /// <summary>Appends one byte.</summary>
    public void Append(byte value) => _state = (_state ^ value) * Prime;

    /// <summary>Appends the eight bytes of a 64-bit value, least significant first.</summary>
    public void Append(long value)
    {
        for (var shift = 0; shift < 64; shift += 8)
        {
            Append((byte)(value >> shift));
        }
    }

    /// <summary>Appends the code units of a string, then a separator so that ("ab","c") differs from ("a","bc").</summary>
    public void Append(string text)
    {
        foreach (var c in text)
        {
            Append((byte)c);
            Append((byte)(c >> 8));
        }

        Append((byte)0xFF);
    }
}
