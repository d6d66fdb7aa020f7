using Harness.Benchmarks;

// Benchmarks for the issue's performance targets. Run in Release:
//   dotnet run -c Release --project tests/Harness.Benchmarks -- all
// or one of: coldstart, writes-core, writes-inprocess, writes-https, watch, memory, core, https, schema,
// bdn (BenchmarkDotNet, short job; further arguments go to its switcher).
var command = args.Length == 0 ? "all" : args[0];
var runs = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
{
    ["coldstart"] = ColdStartBenchmark.RunAsync,
    ["writes-core"] = CoreWriteBenchmark.RunAsync,
    ["writes-inprocess"] = () => ClientWriteBenchmark.RunAsync(https: false),
    ["writes-https"] = () => ClientWriteBenchmark.RunAsync(https: true),
    ["watch"] = WatchLatencyBenchmark.RunAsync,
    ["memory"] = MemoryBenchmark.RunAsync,
    ["core"] = Harness.Benchmarks.Core.ApiServerThroughput.RunAsync,
    ["https"] = Harness.Benchmarks.Http.HttpsWriteThroughput.RunAsync,
    ["schema"] = Harness.Benchmarks.Schema.SchemaThroughput.RunAsync,
};

if (command == ColdStartBenchmark.ChildCommand)
{
    await ColdStartBenchmark.RunChildProcessAsync();
    return 0;
}

if (command == "bdn")
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(CoreWriteBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

if (command == "all")
{
    foreach (var run in runs.Values)
    {
        await run();
    }

    return 0;
}

if (!runs.TryGetValue(command, out var selected))
{
    Console.Error.WriteLine($"unknown benchmark '{command}'; use one of: all, bdn, {string.Join(", ", runs.Keys)}");
    return 2;
}

await selected();
return 0;
