using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Harness.EnvTest.Environment;

namespace Harness.Benchmarks.Http;

/// <summary>
/// HTTPS creates of 2 KiB custom objects as wrk sends them: 8 connections (HTTP/1.1, keep-alive), each sending its next
/// request as soon as the last one is answered, against the embedded API server as <c>harness up</c> runs it (garbage
/// collector and namespace controller on, every harness CRD installed). 100,000 creates, each one's latency recorded;
/// resident memory and managed heap per stored object after full collections at 10,000 and 100,000 objects (over
/// what the JIT warm-up's objects took); the
/// garbage collections and their pauses during the creates.
/// </summary>
internal static class CreateLatencyBenchmark
{
    private const int Connections = 8;
    private const int FirstMeasure = 10_000;
    private const int Objects = 100_000;

    public static async Task RunAsync()
    {
        await using var environment = new TestEnvironment(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EnvironmentVariable = _ => null });
        var config = await environment.StartAsync();
        var clients = Enumerable.Range(0, Connections).Select(_ => BearerTokenHttpClient.Create(config, TimeSpan.FromSeconds(30))).ToArray();
        try
        {
            var warmed = 0;
            var rounds = await JitWarmUp.UntilSettledAsync(async round => warmed += (await CreateAsync(clients, $"warm{round}", 1_000)).Latencies.Count);
            var empty = Memory.Measure();
            var load = Report.LoadAverage();

            var first = await CreateAsync(clients, "a", FirstMeasure);
            var atFirst = Memory.Measure();
            var rest = await CreateAsync(clients, "b", Objects - FirstMeasure);
            var atAll = Memory.Measure();

            TimeSpan[] latencies = [.. first.Latencies.Concat(rest.Latencies).Order()];
            var wall = first.Wall + rest.Wall;
            var rate = latencies.Length / wall.TotalSeconds;
            var p99 = Measures.Percentile(latencies, 0.99);
            Report.Line($"HTTPS creates, {Connections} connections, p99", p99, "ms", "< 10 ms", p99 < 10);
            Report.Line($"HTTPS creates, {Connections} connections, rate", rate, "creates/s", ">= 6,000/s", rate >= 6_000);
            Report.Note(FormattableString.Invariant(
                $"{latencies.Length:N0} creates in {wall.TotalSeconds:0.0} s: p50 {Measures.Percentile(latencies, 0.5):0.00} ms, p90 {Measures.Percentile(latencies, 0.9):0.00}, p99 {p99:0.00}, p99.9 {Measures.Percentile(latencies, 0.999):0.00}, max {latencies[^1].TotalMilliseconds:0.0} ms"));
            Report.Note(FormattableString.Invariant(
                $"first {FirstMeasure:N0}: p99 {Measures.Percentile([.. first.Latencies.Order()], 0.99):0.00} ms, {first.Latencies.Count / first.Wall.TotalSeconds:N0}/s; next {Objects - FirstMeasure:N0}: p99 {Measures.Percentile([.. rest.Latencies.Order()], 0.99):0.00} ms, {rest.Latencies.Count / rest.Wall.TotalSeconds:N0}/s"));
            Report.Note(first.Collections.Plus(rest.Collections).ToString());
            Report.Note(atFirst.PerObject(empty, FirstMeasure));
            Report.Note(atAll.PerObject(empty, Objects));
            Report.Note($"JIT warm-up {rounds} rounds: {warmed:N0} objects stored before the run (in 'empty'); load average {load} before, {Report.LoadAverage()} after");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Creates <paramref name="count"/> objects named PREFIX-N over the connections, each connection sending its next as soon as it has its answer.</summary>
    private static async Task<CreateRun> CreateAsync(HttpClient[] clients, string prefix, int count)
    {
        var next = -1;
        var before = GcCounts.Now();
        var clock = Stopwatch.StartNew();
        var perConnection = await Task.WhenAll(clients.Select(async client =>
        {
            var latencies = new List<TimeSpan>(count / clients.Length + 1);
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, BenchmarkObjects.CollectionPath)
                {
                    Version = HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new ByteArrayContent(Encoding.UTF8.GetBytes(BenchmarkObjects.Snapshot($"{prefix}-{i}").ToJsonString())),
                };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(Stopwatch.GetElapsedTime(sent));
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"create {prefix}-{i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            return latencies;
        }));
        return new CreateRun([.. perConnection.SelectMany(l => l)], clock.Elapsed, GcCounts.Now().Minus(before));
    }
}
