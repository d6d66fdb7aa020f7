namespace Harness.Benchmarks.Http;

/// <summary>Garbage collections per generation and their total pause time, so far or over an interval.</summary>
internal sealed record GcCounts(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public GcCounts Minus(GcCounts earlier) => new(Gen0 - earlier.Gen0, Gen1 - earlier.Gen1, Gen2 - earlier.Gen2, Paused - earlier.Paused);

    public GcCounts Plus(GcCounts other) => new(Gen0 + other.Gen0, Gen1 + other.Gen1, Gen2 + other.Gen2, Paused + other.Paused);

    public override string ToString() => FormattableString.Invariant(
        $"garbage collections during the creates: gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2} (these counts include the younger generations' collections); paused {Paused.TotalMilliseconds:N0} ms in total");
}
