using System.Globalization;

namespace Harness.Runtime.Randomness;

/// <summary>
/// The 64-bit seed of a simulation run, printed as <c>0x</c> and sixteen hex digits. Every random choice
/// of a run (world, faults, scheduling) is drawn from streams derived from it, so one seed replays one run.
/// </summary>
/// <param name="Value">The seed's bits.</param>
public readonly record struct SimulationSeed(ulong Value)
{
    /// <summary>
    /// The seed of an independent stream for one subsystem, e.g. <c>seed.Derive("csi")</c>. The derivation is a
    /// stable hash of the name (FNV-1a) mixed into the seed (SplitMix64's finaliser), the same in every process.
    /// </summary>
    public SimulationSeed Derive(string subsystem)
    {
        ArgumentException.ThrowIfNullOrEmpty(subsystem);
        return new SimulationSeed(Mix(Value ^ Mix(Fnv1a64.Of(subsystem))));
    }

    /// <summary>A random source drawing from this seed.</summary>
    public SimulationRandom CreateRandom() => new(this);

    /// <summary>The seed as <c>0x</c> followed by sixteen upper-case hex digits.</summary>
    public override string ToString() => "0x" + Value.ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>0x1F3A…</c> (hex) or a plain decimal number.</summary>
    /// <exception cref="FormatException">The text is neither.</exception>
    public static SimulationSeed Parse(string text) =>
        TryParse(text, out var seed)
            ? seed
            : throw new FormatException($"'{text}' is not a seed: expected 0x followed by up to 16 hex digits, or a decimal number.");

    /// <summary>Parses <c>0x1F3A…</c> (hex) or a plain decimal number.</summary>
    public static bool TryParse(string? text, out SimulationSeed seed)
    {
        seed = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        ulong value = 0;
        var parsed = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? trimmed.Length is > 2 and <= 18 && ulong.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (parsed)
        {
            seed = new SimulationSeed(value);
        }

        return parsed;
    }

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
