using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harness.EnvTest.Core;
using Harness.EnvTest.Requests;

namespace Harness.Benchmarks;

/// <summary>
/// Create + update of 2 KiB custom objects straight through the core's request interface (no client, no socket).
/// The client side stays cheap so that the figure is the core's: each create body is the snapshot's JSON with the
/// name filled in, each update body the created object as the core answered it with one annotation changed.
/// </summary>
internal static class CoreWriteBenchmark
{
    private const string NamePlaceholder = "bench-name-placeholder";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);
    private static readonly string CreateTemplate = BenchmarkObjects.Snapshot(NamePlaceholder).ToJsonString();
    private static readonly byte[] GenerationZero = "\"bench.harness/generation\":\"0\""u8.ToArray();

    public static async Task RunAsync()
    {
        var rounds = await WarmUpAsync();
        await using var server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, RunControllers = false });
        await BenchmarkObjects.InstallSnapshotCrdAsync(server);
        GC.Collect();
        var cpu = Report.CpuTime();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        var writes = await WriteAsync(server, "run", Duration, workers: Environment.ProcessorCount);
        cpu = Report.CpuTime() - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        paused = GC.GetTotalPauseDuration() - paused;
        collections = GC.CollectionCount(0) - collections;
        var rate = writes / Duration.TotalSeconds;
        Report.Line($"writes in-process, core ({Environment.ProcessorCount} workers)", rate, "writes/s", ">= 50,000/s", rate >= 50_000);
        Report.Throughput(writes, Duration, cpu);
        Report.Note(string.Create(CultureInfo.InvariantCulture, $"allocated per write: {allocated / 1024.0 / writes:F1} KiB; {collections} collections pausing {paused.TotalMilliseconds:F0} ms; warm-up: {rounds} s until the JIT compiled nothing new for a second"));
    }

    /// <summary>Writes on a throw-away server until the JIT settles (<see cref="JitWarmUp"/>).</summary>
    private static async Task<int> WarmUpAsync()
    {
        await using var server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, RunControllers = false });
        await BenchmarkObjects.InstallSnapshotCrdAsync(server);
        return await JitWarmUp.UntilSettledAsync(round =>
            WriteAsync(server, "warm" + round.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(1), workers: Environment.ProcessorCount));
    }

    private static async Task<long> WriteAsync(ApiServer server, string prefix, TimeSpan duration, int workers)
    {
        var stop = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            long writes = 0;
            for (var i = 0; stop.Elapsed < duration; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{w}-{i}");
                var created = await server.HandleAsync(Request("POST", BenchmarkObjects.CollectionPath, Encoding.UTF8.GetBytes(CreateTemplate.Replace(NamePlaceholder, name, StringComparison.Ordinal))), CancellationToken.None);
                if (created.StatusCode != 201)
                {
                    throw new InvalidOperationException($"create answered {created.StatusCode}");
                }

                var updated = await server.HandleAsync(Request("PUT", $"{BenchmarkObjects.CollectionPath}/{name}", NextGeneration(created)), CancellationToken.None);
                if (updated.StatusCode != 200)
                {
                    throw new InvalidOperationException($"update answered {updated.StatusCode}");
                }

                writes += 2;
            }

            return writes;
        })));
        return counts.Sum();
    }

    /// <summary>The created object as answered, with the annotation <c>bench.harness/generation</c> set to 1.</summary>
    private static byte[] NextGeneration(ApiResponse created)
    {
        var body = ((BufferedApiResponse)created).Body.Span;
        var at = body.IndexOf(GenerationZero);
        if (at < 0)
        {
            throw new InvalidOperationException("the created object lacks the generation annotation");
        }

        var json = body.ToArray();
        json[at + GenerationZero.Length - 2] = (byte)'1';
        return json;
    }

    private static ApiRequest Request(string method, string path, byte[] body) => new()
    {
        Method = method,
        Path = path,
        ContentType = "application/json",
        Accept = "application/json",
        Body = body,
    };
}
