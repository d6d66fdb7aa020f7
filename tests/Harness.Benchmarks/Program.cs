using Harness.Benchmarks;

// Benchmarks for the issue's performance targets. Run in Release:
//   dotnet run -c Release --project tests/Harness.Benchmarks -- all
// or one of: coldstart, up, writes-core, writes-inprocess, writes-https, creates-https, watch, memory, core, schema, chaos,
// snapshot-one, snapshot-500, restore-one, restore-500,
// bdn (BenchmarkDotNet, short job; further arguments go to its switcher).
// `coldstart --ready-to-run` also measures a ReadyToRun publish of this program, side by side with the JIT build.
// `up --published DIR` also measures DIR/harness (a `dotnet publish src/Scenarios` output), alternately with this build.
// `snapshot-one`, `snapshot-500`, `restore-one` and `restore-500` take `--workers N` (the controllers' workers per queue; default KubeVirt's 6);
// `snapshot-one --timeline` also prints the last snapshot's controller requests and cluster events, in time order.
var command = args.Length == 0 ? "all" : args[0];
var options = args.Length > 1 ? args[1..] : [];
var runs = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
{
    ["coldstart"] = () => ColdStartBenchmark.RunAsync(readyToRun: false),
    ["up"] = () => Harness.Benchmarks.Up.UpBenchmark.RunAsync(published: null),
    ["writes-core"] = CoreWriteBenchmark.RunAsync,
    ["writes-inprocess"] = () => ClientWriteBenchmark.RunAsync(https: false),
    ["writes-https"] = () => ClientWriteBenchmark.RunAsync(https: true),
    ["creates-https"] = Harness.Benchmarks.Http.CreateLatencyBenchmark.RunAsync,
    ["watch"] = WatchLatencyBenchmark.RunAsync,
    ["memory"] = MemoryBenchmark.RunAsync,
    ["core"] = Harness.Benchmarks.Core.ApiServerThroughput.RunAsync,
    ["schema"] = Harness.Benchmarks.Schema.SchemaThroughput.RunAsync,
    ["chaos"] = ChaosBenchmark.RunAsync,
    ["snapshot-one"] = () => Harness.Benchmarks.Snapshots.SnapshotBenchmark.RunOneAsync(new()),
    ["snapshot-500"] = () => Harness.Benchmarks.Snapshots.SnapshotBenchmark.RunManyAsync(new()),
    ["restore-one"] = () => Harness.Benchmarks.Restores.RestoreBenchmark.RunOneAsync(new()),
    ["restore-500"] = () => Harness.Benchmarks.Restores.RestoreBenchmark.RunManyAsync(new()),
};

if (command == ColdStartBenchmark.ChildCommand)
{
    await ColdStartBenchmark.RunChildProcessAsync();
    return 0;
}

if (command == Harness.Benchmarks.Restores.ControllerChild.Command && options is [var kubeconfig, var childWorkers])
{
    await Harness.Benchmarks.Restores.ControllerChild.RunAsync(kubeconfig, int.Parse(childWorkers, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (command == "bdn")
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(CoreWriteBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

if (command == "up" && options is ["--published", var published])
{
    return await Harness.Benchmarks.Up.UpBenchmark.RunAsync(published);
}

if (command == "coldstart" && options is ["--ready-to-run"])
{
    await ColdStartBenchmark.RunAsync(readyToRun: true);
    return 0;
}

if (command is "snapshot-one" or "snapshot-500" or "restore-one" or "restore-500" && options.Length > 0)
{
    if (Harness.Benchmarks.Snapshots.SnapshotBenchmarkOptions.Parse(command, options) is not { } parsed)
    {
        return 2;
    }

    await (command switch
    {
        "snapshot-one" => Harness.Benchmarks.Snapshots.SnapshotBenchmark.RunOneAsync(parsed),
        "snapshot-500" => Harness.Benchmarks.Snapshots.SnapshotBenchmark.RunManyAsync(parsed),
        "restore-one" => Harness.Benchmarks.Restores.RestoreBenchmark.RunOneAsync(parsed),
        _ => Harness.Benchmarks.Restores.RestoreBenchmark.RunManyAsync(parsed),
    });
    return 0;
}

if (options.Length > 0)
{
    Console.Error.WriteLine($"unexpected argument(s) after '{command}': {string.Join(' ', options)}; only 'coldstart --ready-to-run', 'up --published DIR' and 'bdn ...' take further arguments (and snapshot-one/-500 and restore-one/-500 --workers N, snapshot-one --timeline)");
    return 2;
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
