namespace Harness.Benchmarks.Http;

/// <summary>One batch of creates: each one's latency, the batch's wall time, the collections during it.</summary>
internal sealed record CreateRun(List<TimeSpan> Latencies, TimeSpan Wall, GcCounts Collections);
