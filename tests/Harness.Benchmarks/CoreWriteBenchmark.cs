using System.Diagnostics;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;

namespace Harness.Benchmarks;

/// <summary>Create + update of 2 KiB custom objects straight through the core's request interface (no client, no socket).</summary>
internal static class CoreWriteBenchmark
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    public static async Task RunAsync()
    {
        await using var server = new ApiServer(new ApiServerOptions { RunControllers = false });
        await BenchmarkObjects.InstallSnapshotCrdAsync(server);
        await WriteAsync(server, "warm", TimeSpan.FromSeconds(1), workers: 1);
        var cpu = Report.CpuTime();
        var writes = await WriteAsync(server, "run", Duration, workers: Environment.ProcessorCount);
        cpu = Report.CpuTime() - cpu;
        var rate = writes / Duration.TotalSeconds;
        Report.Line($"writes in-process, core ({Environment.ProcessorCount} workers)", rate, "writes/s", ">= 50,000/s", rate >= 50_000);
        Report.Throughput(writes, Duration, cpu);
    }

    private static async Task<long> WriteAsync(ApiServer server, string prefix, TimeSpan duration, int workers)
    {
        var stop = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            long writes = 0;
            for (var i = 0; stop.Elapsed < duration; i++)
            {
                var name = $"{prefix}-{w}-{i}";
                var created = await server.HandleAsync(BenchmarkObjects.Post(BenchmarkObjects.CollectionPath, BenchmarkObjects.Snapshot(name)), CancellationToken.None);
                var obj = JsonNode.Parse(BenchmarkObjects.Body(created))!.AsObject();
                obj["metadata"]!["annotations"]!["bench.harness/generation"] = "1";
                var updated = await server.HandleAsync(BenchmarkObjects.Put($"{BenchmarkObjects.CollectionPath}/{name}", System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString())), CancellationToken.None);
                if (created.StatusCode != 201 || updated.StatusCode != 200)
                {
                    throw new InvalidOperationException($"create answered {created.StatusCode}, update {updated.StatusCode}");
                }

                writes += 2;
            }

            return writes;
        })));
        return counts.Sum();
    }
}
