namespace Harness.Benchmarks.Http;

/// <summary>Resident memory and managed heap (MiB) after a full, compacting collection.</summary>
internal sealed record Memory(double Resident, double Managed)
{
    public static Memory Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new Memory(Measures.MemoryMiB(), GC.GetTotalMemory(false) / 1048576.0);
    }

    /// <summary>What each of <paramref name="objects"/> stored objects adds to <paramref name="empty"/>, in KiB.</summary>
    public string PerObject(Memory empty, int objects) => FormattableString.Invariant(
        $"{objects:N0} objects stored: resident {Resident:0} MiB ({(Resident - empty.Resident) * 1024 / objects:0.0} KiB per object), managed heap {Managed:0} MiB ({(Managed - empty.Managed) * 1024 / objects:0.0} KiB per object); empty: resident {empty.Resident:0} MiB, managed {empty.Managed:0} MiB");
}
