using System.Diagnostics;
using System.Globalization;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Benchmarks.Snapshots;

/// <summary>
/// The snapshot controller's targets. <c>snapshot-one</c>: one running VM with a guest agent and two disks on live
/// transports (embedded API server over HTTPS, the CSI driver process on its socket, the guest-agent process), instant
/// CSI; time from the create request to the controller's Ready write, and freeze-to-thaw (the controller's freeze call
/// start to its unfreeze call end), over <see cref="Rounds"/> snapshots after one warm-up. <c>snapshot-500</c>: 500 such
/// VMs (in-process CSI driver and guests, embedded API server over HTTPS) snapshotted at once: all Succeeded, total
/// time, p99 freeze-to-thaw, the controller's API requests per snapshot, and the process's peak memory.
/// </summary>
internal static class SnapshotBenchmark
{
    private const int Rounds = 5;
    private const int ManyVms = 500;

    public static async Task RunOneAsync(SnapshotBenchmarkOptions options)
    {
        await using var environment = await BenchmarkCluster.StartEnvironmentAsync();
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var traffic = new ControllerTraffic();
        await using var controller = await BenchmarkController.StartAsync(environment.KubeconfigPath, traffic, workers: options.Workers);
        await SnapshotWorkload.CreateRunningVmsAsync(environment.Client, 1, TimeSpan.FromMinutes(2));
        var ready = new List<TimeSpan>();
        var frozen = new List<TimeSpan>();
        long requests = 0;
        var roundStarted = DateTimeOffset.MinValue;
        for (var round = 0; round <= Rounds; round++)
        {
            traffic.Reset();
            roundStarted = traffic.Started.Wall;
            var started = Stopwatch.GetTimestamp();
            await SnapshotWorkload.CreateSnapshotAsync(environment.Client, $"snap-{round}", SnapshotWorkload.VmName(0));
            var succeeded = await controller.WaitSucceededAsync(round + 1, TimeSpan.FromMinutes(1));
            await SnapshotWorkload.WaitUnlockedAsync(environment.Client, TimeSpan.FromMinutes(1));
            if (round > 0)
            {
                ready.Add(Stopwatch.GetElapsedTime(started, succeeded));
                frozen.AddRange(traffic.FrozenFor.Values);
                requests += traffic.Requests;
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"snapshot-one (live transports, 1 VM x 2 disks, {Rounds} snapshots after a warm-up): Ready in median {Measures.Median(ready):0} ms, max {ready.Max().TotalMilliseconds:0} ms (target < 1000); " +
            $"freeze-to-thaw median {Measures.Median(frozen):0.0} ms, max {(frozen.Count == 0 ? double.NaN : frozen.Max().TotalMilliseconds):0.0} ms over {frozen.Count} freezes (target < 200); " +
            $"{(double)requests / Rounds:0.0} controller API requests per snapshot; {options.Workers} workers per queue"));
        if (options.Timeline)
        {
            PrintTimeline(traffic, live.Cluster.Events.Events.Where(e => e.At >= roundStarted));
        }
    }

    /// <summary>The last round's controller requests (start, duration) and the cluster's domain events, in milliseconds from the round's start.</summary>
    private static void PrintTimeline(ControllerTraffic traffic, IEnumerable<DomainEvent> events)
    {
        var start = traffic.Started;
        var lines = traffic.Exchanges
            .Select(x => (At: Stopwatch.GetElapsedTime(start.Timestamp, x.Start), Text: $"controller {x.Method} {x.Path} -> {x.Status} in {Stopwatch.GetElapsedTime(x.Start, x.End).TotalMilliseconds:0.0} ms"))
            .Concat(events.Select(e => (At: e.At - start.Wall, Text: $"{e.Component} {e.Kind} {e.Subject} {e.Detail}".TrimEnd())))
            .OrderBy(line => line.At);
        Console.WriteLine("timeline of the last snapshot (ms from its create request; cluster events have millisecond resolution):");
        foreach (var (at, text) in lines)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {at.TotalMilliseconds,8:0.0}  {text}"));
        }
    }

    public static async Task RunManyAsync(SnapshotBenchmarkOptions options)
    {
        await using var environment = await BenchmarkCluster.StartEnvironmentAsync();
        await using var cluster = await BenchmarkCluster.StartInProcessAsync(environment);
        var traffic = new ControllerTraffic();
        await using var controller = await BenchmarkController.StartAsync(environment.KubeconfigPath, traffic, workers: options.Workers);
        var setup = Stopwatch.StartNew();
        await SnapshotWorkload.CreateRunningVmsAsync(environment.Client, ManyVms, TimeSpan.FromMinutes(30));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"snapshot-{ManyVms}: {ManyVms} VMs running with their agents after {setup.Elapsed.TotalSeconds:0} s; peak memory so far {Measures.PeakMemoryMiB():0} MiB"));

        traffic.Reset();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, ManyVms).Select(i => SnapshotWorkload.CreateSnapshotAsync(environment.Client, $"snap-{i}", SnapshotWorkload.VmName(i))));
        var last = await controller.WaitSucceededAsync(ManyVms, TimeSpan.FromMinutes(30));
        var total = Stopwatch.GetElapsedTime(started, last);
        await SnapshotWorkload.WaitUnlockedAsync(environment.Client, TimeSpan.FromMinutes(10));
        var requests = traffic.Requests;
        var succeeded = await SnapshotWorkload.SucceededCountAsync(environment.Client);
        var frozen = traffic.FrozenFor.Values.Order().ToList();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"snapshot-{ManyVms} ({ManyVms} VMs x 2 disks at once): {succeeded}/{ManyVms} Succeeded and ready; total {total.TotalSeconds:0.00} s; " +
            $"freeze-to-thaw p50 {Measures.Percentile(frozen, 0.50):0} ms, p99 {Measures.Percentile(frozen, 0.99):0} ms, max {Measures.Percentile(frozen, 1):0} ms over {frozen.Count} freezes; " +
            $"{(double)requests / ManyVms:0.0} controller API requests per snapshot; {options.Workers} workers per queue; peak memory of the process (API server, simulators and controller) {Measures.PeakMemoryMiB():0} MiB"));
    }
}
