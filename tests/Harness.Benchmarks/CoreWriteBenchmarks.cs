using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Harness.EnvTest.Core;
using Harness.EnvTest.Requests;

namespace Harness.Benchmarks;

/// <summary>BenchmarkDotNet view of one create of a 2 KiB custom object through the core (<c>bdn</c> subcommand, short job).</summary>
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser]
public class CoreWriteBenchmarks
{
    private ApiServer _server = null!;
    private int _next;

    /// <summary>A server with the snapshot CRD installed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, RunControllers = false });
        BenchmarkObjects.InstallSnapshotCrdAsync(_server).GetAwaiter().GetResult();
    }

    /// <summary>Stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup() => _server.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One create.</summary>
    [Benchmark]
    public async Task<ApiResponse> Create() =>
        await _server.HandleAsync(BenchmarkObjects.Post(BenchmarkObjects.CollectionPath, BenchmarkObjects.Snapshot("bdn-" + _next++)), CancellationToken.None);

    /// <summary>One GET of a missing object (routing and error path).</summary>
    [Benchmark]
    public async Task<ApiResponse> GetMissing() =>
        await _server.HandleAsync(new ApiRequest { Method = "GET", Path = BenchmarkObjects.CollectionPath + "/absent", Accept = "application/json", Body = Encoding.UTF8.GetBytes(string.Empty) }, CancellationToken.None);
}
