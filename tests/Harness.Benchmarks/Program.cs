return args switch
{
    ["core", ..] => await Harness.Benchmarks.Core.ApiServerThroughput.RunAsync(),
    ["https", ..] => await Harness.Benchmarks.Http.HttpsWriteThroughput.RunAsync(),
    _ => 0,
};
