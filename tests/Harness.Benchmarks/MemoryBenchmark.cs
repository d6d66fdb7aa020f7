using System.Diagnostics;
using Harness.EnvTest.Core;

namespace Harness.Benchmarks;

/// <summary>Resident memory of the process with 10,000 2 KiB custom objects stored in the core.</summary>
internal static class MemoryBenchmark
{
    private const int Objects = 10_000;

    public static async Task RunAsync()
    {
        await using var server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, RunControllers = false });
        await BenchmarkObjects.InstallSnapshotCrdAsync(server);
        var before = Resident();
        for (var i = 0; i < Objects; i++)
        {
            var response = await server.HandleAsync(BenchmarkObjects.Post(BenchmarkObjects.CollectionPath, BenchmarkObjects.Snapshot($"stored-{i}")), CancellationToken.None);
            if (response.StatusCode != 201)
            {
                throw new InvalidOperationException($"create answered {response.StatusCode}");
            }
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var after = Resident();
        Report.Line($"resident memory with {Objects:N0} objects", after, "MiB", "< 150 MiB", after < 150);
        Report.Note(FormattableString.Invariant($"before storing: {before:0.0} MiB; managed heap after: {GC.GetTotalMemory(false) / 1048576.0:0.0} MiB; revision {server.CurrentRevision}"));
        GC.KeepAlive(server);
    }

    private static double Resident()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64 / 1048576.0;
    }
}
