using System.Diagnostics;
using System.Globalization;
using Harness.Api.Snapshots;
using Harness.Benchmarks.Snapshots;
using Harness.Scenarios.Cluster;

namespace Harness.Benchmarks.Restores;

/// <summary>
/// The restore controller's targets. <c>restore-one</c>: a stopped 2-disk VM restored into itself from its snapshot
/// on live transports (embedded API server over HTTPS, the CSI driver process), the controllers in this process; time
/// from the create request to the benchmark's watch seeing the restore complete and Ready, over <see cref="Rounds"/>
/// restores after one warm-up, once with <c>RandomizeNames</c> (two new claims from the VolumeSnapshots, the VM's
/// spec rewritten) and once with <c>InPlace</c> (the VM's claims deleted and re-created from the VolumeSnapshots). <c>restore-500</c>: <c>snapshot-500</c>'s 500 VMs and snapshots, the VMs stopped, then 500 restores into
/// them at once, the controllers in a process of their own (<see cref="ControllerChild"/>): all complete, total time,
/// the restore controller's API requests per restore and the controllers' process's peak memory.
/// </summary>
internal static class RestoreBenchmark
{
    private const int Rounds = 5;
    private const int ManyVms = 500;
    private const string SnapshotName = "snap";

    public static async Task RunOneAsync(SnapshotBenchmarkOptions options)
    {
        var load = Report.LoadAverage();
        await using var environment = await BenchmarkCluster.StartEnvironmentAsync();
        await using var live = await LiveCluster.StartAsync(environment, TimeProvider.System);
        var restoreTraffic = new ControllerTraffic();
        await using var controller = await BenchmarkController.StartAsync(environment.KubeconfigPath, new ControllerTraffic(), restoreTraffic, options.Workers);
        await using var restores = await RestoreWorkload.WatchCompleteAsync(environment.Client);
        var vm = SnapshotWorkload.VmName(0);
        await SnapshotWorkload.CreateRunningVmsAsync(environment.Client, 1, TimeSpan.FromMinutes(2));
        await SnapshotWorkload.CreateSnapshotAsync(environment.Client, SnapshotName, vm);
        await controller.WaitSucceededAsync(1, TimeSpan.FromMinutes(1));
        await SnapshotWorkload.WaitUnlockedAsync(environment.Client, TimeSpan.FromMinutes(1));
        await RestoreWorkload.StopVmsAsync(environment.Client, 1, TimeSpan.FromMinutes(1));
        var restored = 0;
        foreach (var policy in new[] { SnapshotApi.VolumeRestoreRandomizeNames, SnapshotApi.VolumeRestoreInPlace })
        {
            var ready = new List<TimeSpan>();
            long requests = 0;
            for (var round = 0; round <= Rounds; round++)
            {
                restoreTraffic.Reset();
                var started = Stopwatch.GetTimestamp();
                await RestoreWorkload.CreateRestoreAsync(environment.Client, $"restore-{++restored}", vm, SnapshotName, policy);
                var complete = await restores.Done.WaitAsync(restored, TimeSpan.FromMinutes(1), "restores complete");
                if (round > 0)
                {
                    ready.Add(Stopwatch.GetElapsedTime(started, complete));
                    requests += restoreTraffic.Requests;
                }
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"restore-one (live transports, 1 stopped VM x 2 disks restored into itself, volumeRestorePolicy {policy}, {options.Workers} workers per queue, {Rounds} restores after a warm-up): complete and Ready in median {Measures.Median(ready):0} ms, " +
                $"max {ready.Max().TotalMilliseconds:0} ms (target < 1000); {(double)requests / Rounds:0.0} restore-controller API requests per restore; load average {load} at the start, {Report.LoadAverage()} now"));
        }
    }

    public static async Task RunManyAsync(SnapshotBenchmarkOptions options)
    {
        var load = Report.LoadAverage();
        await using var environment = await BenchmarkCluster.StartEnvironmentAsync();
        await using var cluster = await BenchmarkCluster.StartInProcessAsync(environment);
        await using var controllers = await ControllerChild.StartAsync(environment.KubeconfigPath, options.Workers);
        await using var snapshots = await RestoreWorkload.WatchSucceededAsync(environment.Client);
        await using var restores = await RestoreWorkload.WatchCompleteAsync(environment.Client);
        var setup = Stopwatch.StartNew();
        await SnapshotWorkload.CreateRunningVmsAsync(environment.Client, ManyVms, TimeSpan.FromMinutes(30));
        var running = setup.Elapsed;
        await Task.WhenAll(Enumerable.Range(0, ManyVms).Select(i => SnapshotWorkload.CreateSnapshotAsync(environment.Client, $"{SnapshotName}-{i}", SnapshotWorkload.VmName(i))));
        await snapshots.Done.WaitAsync(ManyVms, TimeSpan.FromMinutes(30), "snapshots succeeded");
        await SnapshotWorkload.WaitUnlockedAsync(environment.Client, TimeSpan.FromMinutes(10));
        var snapshotted = setup.Elapsed;
        await RestoreWorkload.StopVmsAsync(environment.Client, ManyVms, TimeSpan.FromMinutes(10));
        var before = await controllers.ResetAsync();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"restore-{ManyVms}: {ManyVms} VMs running after {running.TotalSeconds:0} s, snapshotted after {snapshotted.TotalSeconds:0} s, stopped after {setup.Elapsed.TotalSeconds:0} s; " +
            $"{(double)before.SnapshotRequests / ManyVms:0.0} snapshot-controller API requests per VM meanwhile; controllers' process: peak {before.PeakMiB:0} MiB, resident {before.ResidentMiB:0} MiB"));

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, ManyVms).Select(i => RestoreWorkload.CreateRestoreAsync(environment.Client, $"restore-{i}", SnapshotWorkload.VmName(i), $"{SnapshotName}-{i}")));
        var last = await restores.Done.WaitAsync(ManyVms, TimeSpan.FromMinutes(30), "restores complete");
        var total = Stopwatch.GetElapsedTime(started, last);
        var after = await controllers.FiguresAsync();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"restore-{ManyVms} ({ManyVms} stopped VMs x 2 disks restored into themselves at once, {options.Workers} workers per queue): {restores.Done.Count}/{ManyVms} complete and Ready; total {total.TotalSeconds:0.00} s; " +
            $"{(double)after.RestoreRequests / ManyVms:0.0} restore-controller API requests per restore (and {(double)after.SnapshotRequests / ManyVms:0.0} of the snapshot controller's beside it); " +
            $"controllers' process (snapshot and restore controllers, as harness-controller runs them): peak {after.PeakMiB:0} MiB over the whole run, resident {after.ResidentMiB:0} MiB at the end; " +
            $"benchmark process (API server, simulators, 500 guests) peak {Measures.PeakMemoryMiB():0} MiB; load average {load} before, {Report.LoadAverage()} after"));
    }
}
