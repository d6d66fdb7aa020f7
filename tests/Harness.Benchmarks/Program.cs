return args switch
{
    ["core", ..] => await Harness.Benchmarks.Core.ApiServerThroughput.RunAsync(),
    _ => 0,
};
