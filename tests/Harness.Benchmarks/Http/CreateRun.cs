namespace Harness.Benchmarks.Http;

/// <summary>One batch of creates: each one's latency in ms, the batch's wall time, the collections during it.</summary>
internal sealed record CreateRun(List<double> Latencies, TimeSpan Wall, GcCounts Collections);
